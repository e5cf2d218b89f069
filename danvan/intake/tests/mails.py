"""Realistic raw mails for the intake tests, built as bytes the way mail clients send them."""

from __future__ import annotations

import base64
import quopri
import unicodedata


def b64(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return base64.b64encode(data).decode()


def b64_lines(data: bytes) -> bytes:
    return base64.encodebytes(data)


def rfc2047(text: str) -> str:
    return f"=?UTF-8?B?{b64(text)}?="


def qp(text: str) -> bytes:
    return quopri.encodestring(text.encode("utf-8"))


def cp1258(text: str) -> bytes:
    """Vietnamese in windows-1258: a base letter (possibly precomposed) + a combining tone."""
    out = b""
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        head = unicodedata.normalize("NFC", decomposed[:-1])
        out += head.encode("cp1258") + decomposed[-1].encode("cp1258")
    return out


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00This program cannot be run"

PLAIN_TEXT = (
    "Kính gửi UBND phường Hoành Sơn,\n\n"
    "Đường vào tổ dân phố Ba Đồng bị ngập sâu mỗi khi mưa lớn, học sinh không đi học được. "
    "Đề nghị phường cho khơi thông cống thoát nước.\n\nTrân trọng,\nNguyễn Văn An"
)


def plain_qp(message_id: str = "<an-001@mail.example.vn>") -> bytes:
    """A plain Vietnamese mail: UTF-8 quoted-printable body, RFC 2047 subject and name."""
    return (
        b"Received: from mx.example.vn by mail.hoanhson.gov.vn; Tue, 24 Nov 2026 "
        b"08:16:02 +0700\r\n"
        b"From: =?UTF-8?Q?Nguy=E1=BB=85n_V=C4=83n_An?= <an.nguyen@example.vn>\r\n"
        b"To: tiepdan@hoanhson.gov.vn\r\n"
        b"Subject: " + rfc2047("Phản ánh đường ngập nước ở tổ dân phố Ba Đồng").encode() + b"\r\n"
        b"Date: Tue, 24 Nov 2026 08:15:00 +0700\r\n"
        b"Message-ID: " + message_id.encode() + b"\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=UTF-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n"
        b"\r\n" + qp(PLAIN_TEXT)
    )


def with_files() -> bytes:
    """A complaint with a PDF (RFC 2231 name) and a JPEG (RFC 2047 name), body in base64."""
    body = "Tôi khiếu nại quyết định thu hồi đất số 123/QĐ-UBND. Gửi kèm đơn và ảnh."
    return (
        b"From: =?UTF-8?B?" + b64("Trần Văn Bảo").encode() + b"?= <bao.tran@example.vn>\r\n"
        b"To: tiepdan@hoanhson.gov.vn\r\n"
        b"Subject: " + rfc2047("Khiếu nại quyết định thu hồi đất").encode() + b"\r\n"
        b"Date: Mon, 23 Nov 2026 21:40:00 +0000\r\n"
        b"Message-ID: <bao-002@mail.example.vn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="==b1=="\r\n'
        b"\r\n"
        b"--==b1==\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + b64_lines(body.encode()) + b"\r\n"
        b"--==b1==\r\n"
        b"Content-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment;\r\n"
        b" filename*=UTF-8''%C4%90%C6%A1n%20khi%E1%BA%BFu%20n%E1%BA%A1i.pdf\r\n"
        b"\r\n" + b64_lines(PDF) + b"\r\n"
        b"--==b1==\r\n"
        b'Content-Type: image/jpeg; name="' + rfc2047("ảnh hiện trường.jpg").encode() + b'"\r\n'
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="'
        + rfc2047("ảnh hiện trường.jpg").encode()
        + b'"\r\n'
        b"\r\n" + b64_lines(JPEG) + b"\r\n"
        b"--==b1==--\r\n"
    )


def attachment_only() -> bytes:
    return (
        b"From: Le Thi Cuc <cuc@example.vn>\r\n"
        b"Subject: \r\n"
        b"Date: Wed, 25 Nov 2026 10:00:00 +0700\r\n"
        b"Message-ID: <cuc-003@mail.example.vn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b2"\r\n\r\n'
        b"--b2\r\n"
        b'Content-Type: application/pdf; name="don.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="don.pdf"\r\n\r\n' + b64_lines(PDF) + b"\r\n"
        b"--b2--\r\n"
    )


INNER_TEXT = "Tôi tố cáo cán bộ địa chính phường nhận tiền của người dân khi làm sổ đỏ."


def forwarded_rfc822(forwarder: str = "canbo@hoanhson.gov.vn") -> bytes:
    """An officer forwards a citizen's mail as an attached message/rfc822."""
    inner = (
        b"From: =?UTF-8?B?" + b64("Phạm Thị Dung").encode() + b"?= <dung.pham@example.vn>\r\n"
        b"Subject: " + rfc2047("Tố cáo cán bộ địa chính").encode() + b"\r\n"
        b"Date: Sat, 21 Nov 2026 07:00:00 +0700\r\n"
        b"Message-ID: <dung-inner@mail.example.vn>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + INNER_TEXT.encode() + b"\r\n"
    )
    return (
        b"From: Can bo tiep dan <" + forwarder.encode() + b">\r\n"
        b"Subject: " + rfc2047("Fwd: Tố cáo cán bộ địa chính").encode() + b"\r\n"
        b"Date: Tue, 24 Nov 2026 14:00:00 +0700\r\n"
        b"Message-ID: <fwd-004@hoanhson.gov.vn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b3"\r\n\r\n'
        b"--b3\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        + "Chuyển tiếp thư của người dân.".encode()
        + b"\r\n"
        b"--b3\r\n"
        b"Content-Type: message/rfc822\r\n"
        b"Content-Disposition: attachment\r\n\r\n" + inner + b"\r\n"
        b"--b3--\r\n"
    )


def forwarded_inline() -> bytes:
    """A Gmail-style forward pasted into the body."""
    text = (
        "Nhờ phường xem giúp.\n\n"
        "---------- Forwarded message ---------\n"
        "From: Hoàng Văn Em <em.hoang@example.vn>\n"
        "Date: Fri, 20 Nov 2026 at 09:12\n"
        "Subject: Kiến nghị sửa đường liên thôn\n"
        "To: <canbo@hoanhson.gov.vn>\n\n"
        "Đường liên thôn xuống cấp nghiêm trọng, đề nghị sửa chữa trước mùa mưa.\n"
    )
    return (
        b"From: canbo@hoanhson.gov.vn\r\n"
        b"Subject: Fwd: =?UTF-8?Q?Ki=E1=BA=BFn_ngh=E1=BB=8B?=\r\n"
        b" =?UTF-8?Q?_s=E1=BB=ADa_=C4=91=C6=B0=E1=BB=9Dng?=\r\n"
        b"Date: Tue, 24 Nov 2026 15:00:00 +0700\r\n"
        b"Message-ID: <fwd-005@hoanhson.gov.vn>\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n" + qp(text)
    )


WINDOWS_1258_TEXT = "Kiến nghị xây dựng nhà văn hóa thôn Tân Phúc Thành."


def windows_1258() -> bytes:
    return (
        b"From: Vo Van Giang <giang@example.vn>\r\n"
        b"Subject: =?windows-1258?Q?"
        + quopri.encodestring(cp1258("Kiến nghị"), header=True)
        + b"?=\r\n"
        b"Date: Tue, 24 Nov 2026 16:00:00 +0700\r\n"
        b"Message-ID: <giang-006@mail.example.vn>\r\n"
        b"Content-Type: text/plain; charset=windows-1258\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + cp1258(WINDOWS_1258_TEXT) + b"\r\n"
    )


def unknown_charset() -> bytes:
    """An unknown charset and bytes that are valid in no encoding one could guess."""
    return (
        b"From: Khach <khach@example.vn>\r\n"
        b"Subject: =?x-viet-vps?Q?Ph=E0n_=E1nh?= \xff\xfe\r\n"
        b"Date: Tue, 24 Nov 2026 16:30:00 +0700\r\n"
        b"Message-ID: <khach-007@mail.example.vn>\r\n"
        b"Content-Type: text/plain; charset=x-viet-vps\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n"
        b"Ph\xe0n \xe1nh: \xff\xfe\x00 rac thai \xc3( o cho\r\n"
    )


def html_only() -> bytes:
    html = (
        "<html><head><style>p {color: red}</style><title>Thư</title></head><body>"
        "<p>Kính gửi phường,</p><p>Đèn đường ở <b>tổ 5</b> hỏng &amp; tối om.</p>"
        "<script>alert('x')</script><div>Xin cảm ơn<br>Đỗ Thị Hoa</div></body></html>"
    )
    return (
        b"From: =?UTF-8?B?" + b64("Đỗ Thị Hoa").encode() + b"?= <hoa@example.vn>\r\n"
        b"Subject: " + rfc2047("Phản ánh đèn đường hỏng").encode() + b"\r\n"
        b"Date: Tue, 24 Nov 2026 17:00:00 +0700\r\n"
        b"Message-ID: <hoa-008@mail.example.vn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + b64_lines(html.encode())
    )


def disguised_exe() -> bytes:
    return (
        b"From: Nguoi Gui <gui@example.vn>\r\n"
        b"Subject: " + rfc2047("Kiến nghị về hồ sơ").encode() + b"\r\n"
        b"Date: Tue, 24 Nov 2026 18:00:00 +0700\r\n"
        b"Message-ID: <gui-009@mail.example.vn>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b4"\r\n\r\n'
        b"--b4\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + "Gửi kèm hồ sơ.".encode() + b"\r\n"
        b"--b4\r\n"
        b"Content-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="ho_so.pdf"\r\n\r\n' + b64_lines(EXE) + b"\r\n"
        b"--b4\r\n"
        b"Content-Type: image/jpeg\r\n"
        b"Content-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="anh.jpg"\r\n\r\n' + b64_lines(JPEG) + b"\r\n"
        b"--b4--\r\n"
    )


def simple(
    *,
    message_id: str | None = "<simple@mail.example.vn>",
    subject: str = "Phản ánh tiếng ồn",
    body: str = "Quán karaoke mở nhạc quá 23 giờ.",
    date: str | None = "Tue, 24 Nov 2026 19:00:00 +0700",
    sender: str | None = "Nguoi Dan <dan@example.vn>",
) -> bytes:
    headers = []
    if sender is not None:
        headers.append(f"From: {sender}")
    headers.append(f"Subject: {rfc2047(subject) if subject else ''}")
    if date is not None:
        headers.append(f"Date: {date}")
    if message_id is not None:
        headers.append(f"Message-ID: {message_id}")
    headers += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return ("\r\n".join(headers) + "\r\n\r\n" + body + "\r\n").encode()
