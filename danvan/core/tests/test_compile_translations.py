"""The translations compile without GNU gettext, and the compiled catalogue is used."""

from __future__ import annotations

import io

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings


def test_compile_translations_builds_a_catalogue_equal_to_the_po(tmp_path):
    po_path = next(iter(settings.LOCALE_PATHS)) / "en" / "LC_MESSAGES" / "django.po"
    target = tmp_path / "en" / "LC_MESSAGES"
    target.mkdir(parents=True)
    (target / "django.po").write_bytes(po_path.read_bytes())

    with override_settings(LOCALE_PATHS=[tmp_path]):
        out = io.StringIO()
        call_command("compile-translations", stdout=out)

    mo = polib.mofile(str(target / "django.mo"))
    po = polib.pofile(str(po_path))
    assert len(mo) == len([e for e in po if e.msgid and not e.obsolete])
    assert "1" in out.getvalue()
