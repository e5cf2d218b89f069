"""Reading mails from the wild into the fields of a petition."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.intake import compose
from danvan.intake.compose import kind_for_subject, petition_draft, strip_reply_prefixes
from danvan.intake.parsing import html_to_text, parse_mail
from danvan.intake.tests import mails

TODAY = dt.date(2026, 11, 27)


def draft(raw: bytes, forwarders: list[str] | None = None) -> compose.PetitionDraft:
    return petition_draft(parse_mail(raw), forwarders=forwarders or [], today=TODAY)


def test_a_quoted_printable_vietnamese_mail_with_an_encoded_subject() -> None:
    mail = parse_mail(mails.plain_qp())

    assert mail.subject == "Phản ánh đường ngập nước ở tổ dân phố Ba Đồng"
    assert mail.sender_name == "Nguyễn Văn An"
    assert mail.sender_address == "an.nguyen@example.vn"
    assert mail.message_id == "<an-001@mail.example.vn>"
    assert mail.text == mails.PLAIN_TEXT

    result = draft(mails.plain_qp())
    assert result.kind == "feedback"
    assert result.title == "Phản ánh đường ngập nước ở tổ dân phố Ba Đồng"
    assert result.content == mails.PLAIN_TEXT
    assert result.received_on == dt.date(2026, 11, 24)
    assert [(p.full_name, p.address, p.phone) for p in result.petitioners] == [
        ("Nguyễn Văn An", "an.nguyen@example.vn", "")
    ]


def test_attachments_keep_their_encoded_names_and_bytes() -> None:
    mail = parse_mail(mails.with_files())

    assert [(a.filename, a.data, a.content_type) for a in mail.attachments] == [
        ("Đơn khiếu nại.pdf", mails.PDF, "application/pdf"),
        ("ảnh hiện trường.jpg", mails.JPEG, "image/jpeg"),
    ]
    assert mail.text.startswith("Tôi khiếu nại quyết định")
    assert draft(mails.with_files()).kind == "complaint"


def test_the_date_is_the_local_date() -> None:
    # Sent 21:40 UTC on the 23rd: already the 24th in Hà Tĩnh.
    assert draft(mails.with_files()).received_on == dt.date(2026, 11, 24)


def test_our_servers_received_date_wins_over_the_senders_date() -> None:
    raw = b"Received: from x by mx; Thu, 26 Nov 2026 09:00:00 +0700\r\n" + mails.simple(
        date="Sun, 01 Mar 2026 09:00:00 +0700"
    )

    assert draft(raw).received_on == dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    "date", [None, "not a date", "Fri, 01 Jan 2100 00:00:00 +0700", "Mon, 01 Jan 1900 00:00:00"]
)
def test_a_missing_bad_future_or_ancient_date_falls_back_to_today(date: str | None) -> None:
    assert draft(mails.simple(date=date)).received_on == TODAY


def test_a_mail_with_only_attachments_says_so() -> None:
    result = draft(mails.attachment_only())

    assert result.content == "(Thư chỉ có tệp đính kèm: don.pdf)"
    assert result.title == ""  # the register derives it from the content
    assert [a.filename for a in result.attachments] == ["don.pdf"]


def test_a_forwarded_mail_keeps_the_forwarded_text_and_the_outer_sender() -> None:
    result = draft(mails.forwarded_rfc822())

    assert result.petitioners[0].address == "canbo@hoanhson.gov.vn"
    assert result.title == "Tố cáo cán bộ địa chính"
    assert result.kind == "denunciation"
    assert "Chuyển tiếp thư của người dân." in result.content
    assert "Thư chuyển tiếp" in result.content
    assert "Tiêu đề: Tố cáo cán bộ địa chính" in result.content
    assert mails.INNER_TEXT in result.content
    # A denunciation: the original sender's identity is not copied into the content.
    assert "Phạm Thị Dung" not in result.content


def test_a_forwarded_feedback_names_the_original_sender_in_the_content() -> None:
    raw = mails.forwarded_rfc822().replace(
        mails.rfc2047("Fwd: Tố cáo cán bộ địa chính").encode(), b"Fwd: Phan anh"
    )

    result = draft(raw)

    assert result.kind == "feedback"
    assert "Từ: Phạm Thị Dung <dung.pham@example.vn>" in result.content


def test_a_mail_forwarded_by_an_officer_is_the_citizens_petition() -> None:
    result = draft(mails.forwarded_rfc822(), forwarders=["@hoanhson.gov.vn"])

    assert [(p.full_name, p.address) for p in result.petitioners] == [
        ("Phạm Thị Dung", "dung.pham@example.vn")
    ]
    assert result.content.startswith("Thư do Can bo tiep dan <canbo@hoanhson.gov.vn> chuyển tiếp.")
    assert mails.INNER_TEXT in result.content


def test_an_inline_forward_names_the_original_sender() -> None:
    plain = draft(mails.forwarded_inline())
    by_officer = draft(mails.forwarded_inline(), forwarders=["canbo@hoanhson.gov.vn"])

    assert plain.petitioners[0].address == "canbo@hoanhson.gov.vn"
    assert "Đường liên thôn xuống cấp" in plain.content
    assert plain.kind == "recommendation"  # "Fwd: Kiến nghị …"
    assert [(p.full_name, p.address) for p in by_officer.petitioners] == [
        ("Hoàng Văn Em", "em.hoang@example.vn")
    ]
    assert by_officer.title == "Kiến nghị sửa đường liên thôn"
    assert "Đường liên thôn xuống cấp" in by_officer.content


def test_windows_1258_is_decoded_and_composed() -> None:
    result = draft(mails.windows_1258())

    assert result.content == mails.WINDOWS_1258_TEXT
    assert result.title == "Kiến nghị"
    assert result.kind == "recommendation"


def test_an_unknown_charset_and_invalid_bytes_are_replaced_not_fatal() -> None:
    result = draft(mails.unknown_charset())

    assert "rac thai" in result.content
    assert "\ufffd" in result.content
    assert "\x00" not in result.content
    assert "\x00" not in result.title
    assert result.petitioners[0].address == "khach@example.vn"


def test_an_html_only_mail_becomes_text() -> None:
    result = draft(mails.html_only())

    assert result.content == (
        "Kính gửi phường,\n\nĐèn đường ở tổ 5 hỏng & tối om.\n\nXin cảm ơn\nĐỗ Thị Hoa"
    )
    assert "alert" not in result.content
    assert "color" not in result.content


def test_html_to_text_survives_broken_markup() -> None:
    assert html_to_text("<p>Một <b>hai</p><div>ba &lt;4&gt;") == "Một hai\n\nba <4>"


def test_a_huge_body_is_capped_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compose, "MAX_TEXT", 1000)
    body = "nội dung rất dài " * 500

    result = draft(mails.simple(body=body))

    assert len(result.content) < 1200
    assert "đã cắt bớt" in result.content
    assert str(len(body.strip())) in result.content


def test_a_mail_without_sender_is_anonymous_and_without_text_says_so() -> None:
    result = draft(mails.simple(sender=None, body=""))

    assert result.anonymous
    assert result.content == "(Thư không có nội dung)"


@pytest.mark.parametrize(
    ("subject", "kind"),
    [
        ("Khiếu nại quyết định thu hồi đất", "complaint"),
        ("KHIEU NAI ve den bu", "complaint"),
        ("Re: Fwd: [Tố cáo] cán bộ xã", "denunciation"),
        ("Đơn tố cáo", "denunciation"),
        ("TL: kiến nghị sửa đường", "recommendation"),
        ("Phản ánh rác thải", "feedback"),
        ("Hỏi về thủ tục khiếu nại", "feedback"),  # the keyword must open the subject
        ("Tố cáo: cán bộ thu tiền", "denunciation"),
        ("Kiến nghịxyz", "feedback"),  # not the whole word
        ("", "feedback"),
    ],
)
def test_the_kind_comes_from_the_subjects_first_words(subject: str, kind: str) -> None:
    assert kind_for_subject(subject) == kind


def test_reply_and_forward_prefixes_are_dropped_from_the_title() -> None:
    assert strip_reply_prefixes("RE: Fwd: TL: Kiến nghị") == "Kiến nghị"
    assert strip_reply_prefixes("Trả lời: Phản ánh") == "Phản ánh"
    assert strip_reply_prefixes("Refund of fee") == "Refund of fee"


def test_a_mail_of_garbage_does_not_raise() -> None:
    mail = parse_mail(b"\x00\xff\xfe garbage without headers \xc3")

    assert mail.subject == ""
    assert "garbage" in mail.text
