"""What each status of a case means to the citizen, and what happens next, in plain words."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from danvan.petitions.models import Status


@dataclass(frozen=True)
class PlainStatus:
    label: Any
    meaning: Any
    next_step: Any
    tone: str = ""  # "", "ok", "warn", "muted": the badge's colour


PLAIN_STATUSES: dict[str, PlainStatus] = {
    Status.RECEIVED: PlainStatus(
        _("Đã nhận đơn"),
        _("Cơ quan đã nhận đơn của bạn và đang xem xét, phân loại."),
        _(
            "Cơ quan xem xét đơn có thuộc thẩm quyền không, rồi giải quyết hoặc báo cho bạn "
            "biết nơi có thẩm quyền."
        ),
    ),
    Status.ACCEPTED: PlainStatus(
        _("Đang giải quyết"),
        _("Đơn của bạn đã được thụ lý; cơ quan đang xác minh và giải quyết."),
        _("Cơ quan xác minh sự việc, có thể mời bạn làm việc, rồi ra kết quả giải quyết."),
    ),
    Status.PAUSED: PlainStatus(
        _("Tạm dừng"),
        _("Việc giải quyết tạm dừng theo quy định, ví dụ để chờ bổ sung giấy tờ."),
        _(
            "Việc giải quyết tiếp tục khi lý do tạm dừng không còn; thời hạn được cộng thêm "
            "thời gian tạm dừng."
        ),
        "warn",
    ),
    Status.RESOLVED: PlainStatus(
        _("Đã có kết quả"),
        _("Đã có kết quả giải quyết; cơ quan đang gửi văn bản trả lời cho bạn."),
        _("Bạn sẽ nhận được văn bản trả lời."),
        "ok",
    ),
    Status.REPLIED: PlainStatus(
        _("Đã trả lời"),
        _("Cơ quan đã trả lời bạn. Nội dung trả lời ở bên dưới."),
        _(
            "Hãy cho biết bạn có hài lòng với câu trả lời không. Nếu chưa hài lòng, người đứng "
            "đầu cơ quan sẽ xem xét lại."
        ),
        "ok",
    ),
    Status.FORWARDED: PlainStatus(
        _("Đã chuyển đến nơi có thẩm quyền"),
        _("Việc bạn nêu thuộc thẩm quyền của cơ quan khác; đơn đã được chuyển đến đó."),
        _("Cơ quan có thẩm quyền sẽ xem xét, giải quyết và trả lời bạn."),
        "muted",
    ),
    Status.GUIDED: PlainStatus(
        _("Đã hướng dẫn"),
        _("Cơ quan đã hướng dẫn bạn gửi đơn đến nơi có thẩm quyền giải quyết."),
        _("Hãy làm theo hướng dẫn đã nhận."),
        "muted",
    ),
    Status.RETURNED: PlainStatus(
        _("Đã trả lại đơn"),
        _("Đơn đã được trả lại cho bạn, kèm lý do."),
        _("Bạn có thể bổ sung theo lý do đã nêu và gửi lại."),
        "muted",
    ),
    Status.ARCHIVED: PlainStatus(
        _("Đã lưu hồ sơ"),
        _("Đơn đã được xếp lưu theo quy định."),
        _("Không có bước tiếp theo."),
        "muted",
    ),
    Status.SPLIT: PlainStatus(
        _("Đã tách thành nhiều đơn"),
        _("Đơn có nhiều nội dung nên được tách thành các đơn riêng để giải quyết."),
        _("Mỗi nội dung được giải quyết riêng."),
        "muted",
    ),
    Status.DUPLICATE: PlainStatus(
        _("Trùng với đơn đã nhận"),
        _("Nội dung này trùng với một đơn cơ quan đã nhận trước đó và được giải quyết chung."),
        _("Kết quả được trả lời theo đơn đã nhận trước."),
        "muted",
    ),
}


def plain_status(status: str) -> PlainStatus:
    return PLAIN_STATUSES.get(status, PLAIN_STATUSES[Status.RECEIVED])
