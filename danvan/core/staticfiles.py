"""Serve the Be Vietnam Pro font from its installed package, not from a copy in the repo."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fontpkg_be_vietnam_pro
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage

FONT_PREFIX = "fonts/be-vietnam-pro"
FONT_FILES = Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files"


class FontPackageFinder(BaseFinder):
    """Find `fonts/be-vietnam-pro/<file>.ttf` in the `fontpkg-be-vietnam-pro` package."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=str(FONT_FILES))
        self.storage.prefix = FONT_PREFIX  # type: ignore[attr-defined]

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        prefix = FONT_PREFIX + "/"
        if not path.startswith(prefix):
            return [] if find_all else None
        candidate = FONT_FILES / path[len(prefix) :]
        if candidate.is_file() and candidate.parent == FONT_FILES:
            return [str(candidate)] if find_all else str(candidate)
        return [] if find_all else None

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for file in sorted(FONT_FILES.glob("*.ttf")):
            yield file.name, self.storage
