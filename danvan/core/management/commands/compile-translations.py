"""`danvan compile-translations`: build the .mo files from the .po files, in pure Python.

Django's `compilemessages` needs GNU gettext's msgfmt, which a fresh machine may not have;
`make demo` and `make test` use this command instead, so Python alone is enough."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo)."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"{po_path} → {mo_path}")
        if options["verbosity"] > 0:
            self.stdout.write(f"Đã biên dịch {compiled} tệp bản dịch.")
