"""Dialogues with residents and voter meetings: the issues raised, the answers given and the
commitments made, tracked to completion (shared/GLOSSARY.md)."""
