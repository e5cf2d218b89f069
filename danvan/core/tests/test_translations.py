"""The English translation: complete, not fuzzy, placeholders intact, and used by the pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import danvan

LOCALE = Path(danvan.__file__).resolve().parent / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LOCALE / "django.po"
MO_FILE = LOCALE / "django.mo"

# %(name)s, %(count)d, %s, %d … and {name}; "%%" is a literal percent sign, not a placeholder.
PLACEHOLDER = re.compile(
    r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"  # %(name)s
    r"|%\d*(?:\.\d+)?[sdifr]"  # %s, %d
    r"|\{\w*\}"  # {name}
)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def _unquote(text: str) -> str:
    text = text.strip()
    assert text.startswith('"'), text
    assert text.endswith('"'), text
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """Entries of a PO file, continued lines joined; the header entry (empty msgid) included."""
    entries: list[Entry] = []
    entry = Entry()
    target: tuple[str, int] | None = None  # which string a continued line belongs to

    def finish() -> None:
        nonlocal entry
        if entry.line:
            entries.append(entry)
        entry = Entry()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            target = None
        elif line.startswith("#,"):
            if entry.msgstr:  # a new entry without a blank line before it
                finish()
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if entry.msgstr:
                finish()
        elif line.startswith("msgctxt "):
            if entry.msgstr:
                finish()
            entry.msgctxt = _unquote(line[len("msgctxt ") :])
            target = ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            entry.msgid_plural = _unquote(line[len("msgid_plural ") :])
            target = ("msgid_plural", 0)
        elif line.startswith("msgid "):
            if entry.msgstr:
                finish()
            entry.msgid = _unquote(line[len("msgid ") :])
            entry.line = number
            target = ("msgid", 0)
        elif line.startswith("msgstr["):
            form, _, rest = line[len("msgstr[") :].partition("]")
            entry.msgstr[int(form)] = _unquote(rest)
            target = ("msgstr", int(form))
        elif line.startswith("msgstr "):
            entry.msgstr[0] = _unquote(line[len("msgstr ") :])
            target = ("msgstr", 0)
        elif line.startswith('"') and target is not None:
            kind, index = target
            if kind == "msgid":
                entry.msgid += _unquote(line)
            elif kind == "msgid_plural":
                entry.msgid_plural = (entry.msgid_plural or "") + _unquote(line)
            elif kind == "msgctxt":
                entry.msgctxt = (entry.msgctxt or "") + _unquote(line)
            else:
                entry.msgstr[index] += _unquote(line)
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


ENTRIES = [entry for entry in parse_po(PO_FILE) if entry.msgid]


def _where(entry: Entry) -> str:
    return f"{PO_FILE.name}:{entry.line} {entry.msgid!r}"


def test_the_po_file_has_entries() -> None:
    assert len(ENTRIES) > 300
    header = next(entry for entry in parse_po(PO_FILE) if not entry.msgid)
    assert "Language: en\n" in header.msgstr[0]
    assert "fuzzy" not in header.flags


def test_every_entry_is_translated() -> None:
    problems = []
    for entry in ENTRIES:
        forms = {0, 1} if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != forms:
            problems.append(
                f"{_where(entry)}: forms {sorted(entry.msgstr)}, expected {sorted(forms)}"
            )
        problems += [
            f"{_where(entry)}: msgstr[{form}] is empty"
            for form, text in entry.msgstr.items()
            if not text.strip()
        ]
    assert not problems, "\n".join(problems)


def test_no_entry_is_fuzzy() -> None:
    fuzzy = [_where(entry) for entry in ENTRIES if "fuzzy" in entry.flags]
    assert not fuzzy, "\n".join(fuzzy)


def test_placeholders_are_kept() -> None:
    problems = []
    for entry in ENTRIES:
        expected = placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            expected |= placeholders(entry.msgid_plural)
        problems += [
            f"{_where(entry)}: msgstr[{form}] has {sorted(placeholders(text))}, "
            f"expected {sorted(expected)}"
            for form, text in entry.msgstr.items()
            if placeholders(text) != expected
        ]
    assert not problems, "\n".join(problems)


def test_leading_and_trailing_newlines_match() -> None:
    problems = [
        f"{_where(entry)}: msgstr[{form}] {text!r}"
        for entry in ENTRIES
        for form, text in entry.msgstr.items()
        if text.startswith("\n") != entry.msgid.startswith("\n")
        or text.endswith("\n") != entry.msgid.endswith("\n")
    ]
    assert not problems, "\n".join(problems)


def test_the_placeholder_pattern() -> None:
    assert placeholders("%(start)s–%(end)s of %(total)d, %s {max_value} 100%%") == {
        "%(start)s",
        "%(end)s",
        "%(total)d",
        "%s",
        "{max_value}",
    }


@pytest.mark.django_db
def test_a_page_in_english_speaks_english(client: Any, django_user_model: Any) -> None:
    assert MO_FILE.exists(), "Compile the translations first: danvan compilemessages"
    client.force_login(django_user_model.objects.create_user("trans.user", password="x-pass-123"))
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/organizations/")

    assert response.status_code == 200
    page = response.content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.DOTALL)
    assert heading is not None
    assert heading.group(1).strip() == "Organisations"
    assert "Cơ quan, tổ chức" not in heading.group(1)
    assert 'lang="en"' in page
    assert "Sign out" in page
    assert "Đăng xuất" not in page
