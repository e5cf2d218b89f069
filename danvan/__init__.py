"""Dân Vận: listening to residents and answering them, on legal deadlines."""
