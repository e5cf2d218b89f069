"""Consultations on drafts: sections, comments from every channel, the drafter's responses
and the synthesis report (shared/GLOSSARY.md)."""
