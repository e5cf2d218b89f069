"""The petition's state machine: named transitions, the states they leave from, guards.

An action not allowed in the current state raises InvalidTransition (API 409); it is never a
silent no-op."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from danvan.core.errors import InvalidTransition
from danvan.petitions.models import Kind, Petition, Status

S = Status


@dataclass(frozen=True)
class Transition:
    name: str
    label: object
    sources: frozenset[str]
    target: str | None  # None: the status does not change
    kinds: frozenset[str] = field(default_factory=frozenset)  # empty: every kind


def _t(
    name: str,
    label: object,
    sources: set[str],
    target: str | None,
    kinds: set[str] | None = None,
) -> Transition:
    return Transition(name, label, frozenset(sources), target, frozenset(kinds or ()))


ANSWERABLE: set[str] = {Kind.RECOMMENDATION, Kind.FEEDBACK}
LEGAL_KINDS: set[str] = {Kind.COMPLAINT, Kind.DENUNCIATION, Kind.RECOMMENDATION, Kind.FEEDBACK}

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t(
            "classify",
            pgettext_lazy("thao tác", "Phân loại"),
            {S.RECEIVED, S.ACCEPTED, S.PAUSED},
            None,
        ),
        _t(
            "assign",
            pgettext_lazy("thao tác", "Phân công xử lý"),
            {S.RECEIVED, S.ACCEPTED, S.PAUSED},
            None,
        ),
        _t("accept", pgettext_lazy("thao tác", "Thụ lý"), {S.RECEIVED}, S.ACCEPTED, LEGAL_KINDS),
        _t(
            "forward",
            pgettext_lazy("thao tác", "Chuyển đơn"),
            {S.RECEIVED},
            S.FORWARDED,
            LEGAL_KINDS,
        ),
        _t("guide", pgettext_lazy("thao tác", "Hướng dẫn"), {S.RECEIVED}, S.GUIDED),
        _t("return", pgettext_lazy("thao tác", "Trả lại đơn"), {S.RECEIVED}, S.RETURNED),
        _t(
            "archive",
            pgettext_lazy("thao tác", "Xếp lưu"),
            {S.RECEIVED, S.RESOLVED, S.REPLIED},
            S.ARCHIVED,
        ),
        _t("split", pgettext_lazy("thao tác", "Tách đơn"), {S.RECEIVED}, S.SPLIT),
        _t(
            "mark_duplicate",
            pgettext_lazy("thao tác", "Xác nhận đơn trùng"),
            {S.RECEIVED},
            S.DUPLICATE,
        ),
        _t("urge", pgettext_lazy("thao tác", "Đôn đốc"), {S.FORWARDED, S.ACCEPTED, S.PAUSED}, None),
        _t(
            "report_back",
            pgettext_lazy("thao tác", "Ghi nhận báo cáo kết quả"),
            {S.FORWARDED},
            None,
        ),
        _t("pause", pgettext_lazy("thao tác", "Tạm dừng"), {S.ACCEPTED}, S.PAUSED),
        _t("resume", pgettext_lazy("thao tác", "Tiếp tục giải quyết"), {S.PAUSED}, S.ACCEPTED),
        _t(
            "extend", pgettext_lazy("thao tác", "Gia hạn"), {S.RECEIVED, S.ACCEPTED, S.PAUSED}, None
        ),
        _t(
            "notify",
            pgettext_lazy("thao tác", "Thông báo thụ lý"),
            {S.ACCEPTED, S.PAUSED},
            None,
            {Kind.DENUNCIATION},
        ),
        _t("resolve", pgettext_lazy("thao tác", "Giải quyết"), {S.ACCEPTED}, S.RESOLVED),
        _t("reply", pgettext_lazy("thao tác", "Trả lời công dân"), {S.RESOLVED}, S.REPLIED),
        _t(
            "reopen",
            pgettext_lazy("thao tác", "Mở lại"),
            {S.RESOLVED, S.REPLIED, S.ARCHIVED},
            S.ACCEPTED,
        ),
    ]
}


def _refusal(petition: Petition, action: str) -> str | None:
    """Why `action` is not allowed for `petition` now ("status" or "kind"), None if it is.
    Plain comparisons: lists of cases ask this for every action of every row."""
    transition = TRANSITIONS[action]
    allowed = petition.status in transition.sources or (
        # A recommendation or feedback may be answered directly, without acceptance.
        action == "reply"
        and petition.kind in ANSWERABLE
        and petition.status in {S.RECEIVED, S.ACCEPTED}
    )
    if not allowed:
        return "status"
    if transition.kinds and petition.kind not in transition.kinds:
        return "kind"
    return None


def can(petition: Petition, action: str) -> bool:
    return _refusal(petition, action) is None


def check(petition: Petition, action: str) -> Transition:
    """The transition `action`, if allowed for `petition` now; InvalidTransition otherwise."""
    transition = TRANSITIONS[action]
    refusal = _refusal(petition, action)
    if refusal == "status":
        raise InvalidTransition(
            _("Không thể “%(action)s” khi đơn ở trạng thái “%(status)s”.")
            % {"action": transition.label, "status": petition.get_status_display()},
            code=f"cannot_{action}",
        )
    if refusal == "kind":
        raise InvalidTransition(
            _("Không thể “%(action)s” đơn loại “%(kind)s”.")
            % {"action": transition.label, "kind": petition.get_kind_display()},
            code=f"cannot_{action}",
        )
    return transition


def available_actions(petition: Petition) -> list[Transition]:
    return [t for name, t in TRANSITIONS.items() if can(petition, name)]
