"""Reading a raw e-mail into what a petition needs: sender, subject, dates, text, files.

Built on the stdlib `email` package with `email.policy.default` (RFC 2047 headers and
RFC 2231 file names decoded). Written for mails from the wild: unknown or wrong charsets and
invalid bytes are decoded with replacement characters, HTML-only mails are turned into text,
forwarded mails (attached as message/rfc822 or pasted under a "Forwarded message" line) keep
their text and their original sender. Nothing here raises on a malformed mail."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import email
import email.policy
import email.utils
import mimetypes
import re
import unicodedata
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message
from html.parser import HTMLParser

MAX_FORWARD_DEPTH = 5


@dataclass(frozen=True)
class MailAttachment:
    filename: str
    data: bytes
    content_type: str


@dataclass(frozen=True)
class InlineForward:
    """The header block under a "---------- Forwarded message ----------" line."""

    sender_name: str
    sender_address: str
    subject: str


@dataclass
class ParsedMail:
    message_id: str = ""
    subject: str = ""
    sender_name: str = ""
    sender_address: str = ""
    date: dt.datetime | None = None  # the Date header, timezone-aware
    received: dt.datetime | None = None  # when our server received it (top Received header)
    date_text: str = ""
    text: str = ""  # the mail's own text (plain, or HTML stripped)
    attachments: list[MailAttachment] = field(default_factory=list)
    forwarded: list[ParsedMail] = field(default_factory=list)  # attached message/rfc822
    inline_forward: InlineForward | None = None


# ---------------------------------------------------------------- text clean-up


def clean_text(text: str) -> str:
    """Text safe to store: raw 8-bit bytes smuggled as surrogates decoded as UTF-8 (or
    replaced), no NUL characters (PostgreSQL refuses them), composed (NFC) Vietnamese."""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    text = text.encode("utf-8", "replace").decode("utf-8")  # any other lone surrogate
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    return " ".join(clean_text(text).split())


def _decode_bytes(payload: bytes, charset: str | None) -> str:
    """Bytes in the declared charset; an unknown charset is read as UTF-8; invalid
    sequences become U+FFFD."""
    name = (charset or "").strip().strip('"').lower()
    codec: str | None
    try:
        codec = codecs.lookup(name).name if name else None
    except LookupError:
        codec = None
    if codec in (None, "ascii"):
        # Undeclared, unknown ("unknown-8bit", "x-viet-vps"…) or ASCII that is not ASCII:
        # UTF-8 is by far the most likely.
        try:
            return payload.decode("ascii" if codec == "ascii" else "utf-8")
        except UnicodeDecodeError:
            return payload.decode("utf-8", errors="replace")
    return payload.decode(codec, errors="replace")


def _payload_bytes(part: Message) -> bytes:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        payload = None
    if isinstance(payload, bytes):
        return payload
    raw = part.get_payload()
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def part_text(part: Message) -> str:
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    return clean_text(_decode_bytes(_payload_bytes(part), charset))


class _TextExtractor(HTMLParser):
    BLOCKS = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table"}
    )
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except Exception:
        return re.sub(r"<[^>]*>", " ", html)
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).splitlines())
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# ---------------------------------------------------------------- headers


def header(message: Message, name: str) -> str:
    """A header's decoded value ("" if absent); a malformed header is decoded by hand."""
    try:
        value = message.get(name)
        if value is None:
            return ""
        return one_line(str(value))
    except Exception:
        pass
    for key, raw in message.raw_items():
        if key.lower() == name.lower():
            try:
                return one_line(str(make_header(decode_header(raw))))
            except Exception:
                return one_line(str(raw))
    return ""


def _sender(message: Message) -> tuple[str, str]:
    for name in ("from", "sender", "reply-to"):
        try:
            value = message.get(name)
            addresses = getattr(value, "addresses", None)
            if addresses:
                first = addresses[0]
                return one_line(first.display_name or ""), one_line(first.addr_spec or "")
        except Exception:
            pass
        text = header(message, name)
        if text:
            display, address = email.utils.parseaddr(text)
            if display or address:
                return one_line(display), one_line(address)
    return "", ""


def _parse_date(text: str) -> dt.datetime | None:
    try:
        value = email.utils.parsedate_to_datetime(text)
    except Exception:
        return None
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def _received(message: Message) -> dt.datetime | None:
    """The date our own server stamped on the mail: the first (top) Received header."""
    try:
        values = message.get_all("received") or []
    except Exception:
        return None
    for value in values[:1]:
        text = str(value)
        if ";" in text:
            return _parse_date(text.rsplit(";", 1)[1].strip())
    return None


# ---------------------------------------------------------------- forwarded text

_FORWARD_LINE = re.compile(
    r"^[ \t>]*-{2,}\s*(?:forwarded message|original message|begin forwarded message|"
    r"thư (?:đã )?(?:được )?chuyển tiếp|thư gốc)\s*:?\s*-*\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_FORWARD_FIELD = re.compile(
    r"^[ \t>]*(from|từ|người gửi|subject|tiêu đề|chủ đề|date|sent|ngày|to|tới|đến|cc)\s*:\s*(.*)$",
    re.IGNORECASE,
)


def inline_forward(text: str) -> InlineForward | None:
    """Sender and subject from the header block under the first forward line, if any."""
    match = _FORWARD_LINE.search(text)
    if not match:
        return None
    sender = subject = ""
    for line in text[match.end() :].lstrip("\n").splitlines()[:12]:
        found = _FORWARD_FIELD.match(line)
        if not found:
            if sender or subject:
                break
            continue
        name, value = found.group(1).lower(), found.group(2).strip()
        if name in ("from", "từ", "người gửi") and not sender:
            sender = value
        elif name in ("subject", "tiêu đề", "chủ đề") and not subject:
            subject = value
    display, address = email.utils.parseaddr(sender) if sender else ("", "")
    if address and "@" not in address:
        display, address = sender, ""
    return InlineForward(sender_name=display, sender_address=address, subject=subject)


# ---------------------------------------------------------------- structure


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    name = str(name)
    if "=?" in name:  # an RFC 2047 word inside a parameter: not standard, but common
        with contextlib.suppress(Exception):
            name = str(make_header(decode_header(name)))
    return one_line(name)


def _default_name(content_type: str, index: int) -> str:
    extension = mimetypes.guess_extension(content_type) or ".bin"
    if extension == ".jpe":
        extension = ".jpg"
    return f"tep-dinh-kem-{index}{extension}"


def _inner_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    data = _payload_bytes(part)
    if data.strip():
        return email.message_from_bytes(data, policy=email.policy.default)
    return None


@dataclass
class _Collected:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[MailAttachment] = field(default_factory=list)
    forwarded: list[ParsedMail] = field(default_factory=list)


def _walk(part: Message, into: _Collected, depth: int) -> None:
    content_type = part.get_content_type()
    if content_type in ("message/rfc822", "message/global") and depth < MAX_FORWARD_DEPTH:
        inner = _inner_message(part)
        if inner is not None:
            into.forwarded.append(_parse(inner, depth + 1))
            return
    if part.is_multipart():
        payload = part.get_payload()
        for sub in payload if isinstance(payload, list) else []:
            if isinstance(sub, Message):
                _walk(sub, into, depth)
        return
    try:
        disposition = part.get_content_disposition()
    except Exception:
        disposition = None
    name = _filename(part)
    if content_type in ("text/plain", "text/html") and disposition != "attachment" and not name:
        target = into.plain if content_type == "text/plain" else into.html
        target.append(part_text(part))
        return
    data = _payload_bytes(part)
    if not data and not name:
        return
    into.attachments.append(
        MailAttachment(
            filename=name or _default_name(content_type, len(into.attachments) + 1),
            data=data,
            content_type=content_type,
        )
    )


def _parse(message: Message, depth: int) -> ParsedMail:
    collected = _Collected()
    _walk(message, collected, depth)
    if any(text.strip() for text in collected.plain):
        text = "\n\n".join(t.strip() for t in collected.plain if t.strip())
    else:
        text = "\n\n".join(html_to_text(h) for h in collected.html if h.strip())
    name, address = _sender(message)
    date_text = header(message, "date")
    return ParsedMail(
        message_id=header(message, "message-id")[:255],
        subject=header(message, "subject"),
        sender_name=name,
        sender_address=address,
        date=_parse_date(date_text) if date_text else None,
        received=_received(message) if depth == 0 else None,
        date_text=date_text,
        text=text.strip(),
        attachments=collected.attachments,
        forwarded=collected.forwarded,
        inline_forward=inline_forward(text),
    )


def parse_mail(raw: bytes) -> ParsedMail:
    return _parse(email.message_from_bytes(raw, policy=email.policy.default), 0)
