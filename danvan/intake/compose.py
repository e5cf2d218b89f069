"""From a parsed mail to the fields of a petition: kind, title, content, petitioner, date.

Decisions (docs/intake):
- kind: the subject, without "Re:"/"Fwd:"-style prefixes, leading brackets and a leading
  "Đơn"/"Đơn thư", is folded (no accents, lower case) and read: "khiếu nại" → complaint,
  "tố cáo" → denunciation (so that the sender's identity is protected from the start;
  the officer decides at classification whether the Law on Denunciations applies, Art. 25),
  "kiến nghị" → recommendation; anything else → feedback.
- title: the subject without those reply/forward prefixes (the register derives one from the
  content when the subject is empty).
- petitioner: the sender (display name, or the address when there is none; the address is
  kept as the petitioner's address; no phone). When the sender is one of the mailbox's
  forwarders (an officer passing a citizen's mail on), the original sender and subject of the
  forwarded mail are used instead, and the content says who forwarded it.
- received_on: the date our server received the mail (top Received header), else the Date
  header, in local time; today if neither is usable, or if it is in the future.
- content: the text (plain preferred, HTML stripped otherwise), then each forwarded mail
  with its sender (not for a denunciation: the identity stays in the protected petitioners),
  date and subject; capped, with a note when cut."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.text import fold
from danvan.intake.parsing import MailAttachment, ParsedMail
from danvan.petitions.models import Kind
from danvan.petitions.services import EARLIEST_DATE, PetitionerInput

MAX_TEXT = 40_000

_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|fw|fwd|tl|ct|aw|wg|sv|vs|trả lời|chuyển tiếp)\s*(?:\[\d+\])?\s*[:：]\s*)+",
    re.IGNORECASE,
)
_LEADING_NOISE = re.compile(r"^[\W_]+")
_LEADING_DON = re.compile(r"^(?:don thu|don)\s+")
KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("khieu nai", Kind.COMPLAINT),
    ("to cao", Kind.DENUNCIATION),
    ("kien nghi", Kind.RECOMMENDATION),
    ("phan anh", Kind.FEEDBACK),
)


@dataclass
class PetitionDraft:
    kind: str
    title: str
    content: str
    received_on: dt.date
    petitioners: list[PetitionerInput]
    attachments: list[MailAttachment] = field(default_factory=list)

    @property
    def anonymous(self) -> bool:
        return not self.petitioners


def strip_reply_prefixes(subject: str) -> str:
    return _REPLY_PREFIX.sub("", subject or "").strip()


def kind_for_subject(subject: str) -> str:
    folded = _LEADING_NOISE.sub("", fold(strip_reply_prefixes(subject)))
    folded = _LEADING_DON.sub("", folded)
    for keyword, kind in KIND_KEYWORDS:
        if re.match(rf"{keyword}\b", folded):
            return str(kind)
    return str(Kind.FEEDBACK)


def received_on_for(mail: ParsedMail, today: dt.date) -> dt.date:
    when = mail.received or mail.date
    if when is None:
        return today
    try:
        local = timezone.localtime(when).date()
    except (OverflowError, ValueError):
        return today
    if local > today or local < EARLIEST_DATE:
        return today
    return local


def is_forwarder(address: str, forwarders: list[str]) -> bool:
    address = (address or "").strip().lower()
    if not address:
        return False
    domain = "@" + address.rsplit("@", 1)[-1]
    return any(entry in (address, domain) for entry in forwarders)


def _person(name: str, address: str) -> str:
    if name and address:
        return f"{name} <{address}>"
    return name or address


def _flatten(mail: ParsedMail) -> list[ParsedMail]:
    result = []
    for inner in mail.forwarded:
        result.append(inner)
        result.extend(_flatten(inner))
    return result


def _forward_section(inner: ParsedMail, *, with_sender: bool) -> str:
    lines = ["---------- " + _("Thư chuyển tiếp") + " ----------"]
    if with_sender and (inner.sender_name or inner.sender_address):
        lines.append(_("Từ: %(who)s") % {"who": _person(inner.sender_name, inner.sender_address)})
    if inner.date_text:
        lines.append(_("Ngày: %(date)s") % {"date": inner.date_text})
    if inner.subject:
        lines.append(_("Tiêu đề: %(subject)s") % {"subject": inner.subject})
    text = inner.text.strip()
    return "\n".join(lines) + ("\n\n" + text if text else "")


def _cap(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    cut = text[:MAX_TEXT].rsplit(" ", 1)[0]
    return (
        cut
        + "…\n\n"
        + _("[Thư dài %(n)d ký tự, đã cắt bớt; thư đầy đủ vẫn còn trong hộp thư.]")
        % {"n": len(text)}
    )


def petition_draft(mail: ParsedMail, *, forwarders: list[str], today: dt.date) -> PetitionDraft:
    name, address, subject = mail.sender_name, mail.sender_address, mail.subject
    forwarded_by = ""
    if is_forwarder(address, forwarders):
        inner: tuple[str, str, str] | None = None
        if mail.forwarded:
            first = mail.forwarded[0]
            inner = (first.sender_name, first.sender_address, first.subject)
        elif mail.inline_forward and (
            mail.inline_forward.sender_name or mail.inline_forward.sender_address
        ):
            found = mail.inline_forward
            inner = (found.sender_name, found.sender_address, found.subject)
        if inner and (inner[0] or inner[1]):
            forwarded_by = _person(name, address)
            name, address = inner[0], inner[1]
            subject = inner[2] or subject

    inner_mails = _flatten(mail)
    attachments = list(mail.attachments)
    for inner_mail in inner_mails:
        attachments.extend(inner_mail.attachments)

    title = strip_reply_prefixes(subject)
    kind = kind_for_subject(title)
    # A denouncer's identity stays in the (protected) petitioners, never in the content.
    with_sender = kind != Kind.DENUNCIATION
    sections = [mail.text.strip()] if mail.text.strip() else []
    sections += [_forward_section(m, with_sender=with_sender) for m in inner_mails]
    has_text = bool(mail.text.strip()) or any(m.text.strip() for m in inner_mails)
    if not has_text and attachments:
        names = ", ".join(a.filename for a in attachments)
        sections.insert(0, _("(Thư chỉ có tệp đính kèm: %(names)s)") % {"names": names})
    elif not sections:
        sections.append(_("(Thư không có nội dung)"))
    if forwarded_by:
        sections.insert(0, _("Thư do %(who)s chuyển tiếp.") % {"who": forwarded_by})
    content = _cap("\n\n".join(sections))

    petitioners = []
    if name or address:
        petitioners.append(PetitionerInput(full_name=(name or address)[:150], address=address))
    return PetitionDraft(
        kind=kind,
        title=title,
        content=content,
        received_on=received_on_for(mail, today),
        petitioners=petitioners,
        attachments=attachments,
    )
