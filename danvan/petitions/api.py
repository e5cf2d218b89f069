"""`/api/v1/petitions/`: register, list, read and move petitions (shared/API.md, Petitions).

Order of the checks on a transition: 404 when the case is outside the reader's scope, 403 when
the reader may see it but not change it (danvan.petitions.permissions), 409 when the action is
not allowed in the case's status, 400 for bad input; then the service, atomic, decides."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from danvan.accounts.models import User
from danvan.api.pagination import TwoStepPagePagination
from danvan.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from danvan.organizations.models import Organization
from danvan.organizations.selectors import active_memberships
from danvan.petitions import selectors, services, workflow
from danvan.petitions import serializers as s
from danvan.petitions.models import DuplicateCandidate, Forwarding, Petition, Topic
from danvan.petitions.permissions import (
    can_act,
    can_handle,
    can_register,
    is_officer,
    is_system_administrator,
)
from danvan.petitions.services import PetitionerInput
from danvan.places.models import AdminUnit
from danvan.places.selectors import resolve_unit_code, unit_ids_within

TAGS = ["petitions"]
ID_PARAM = OpenApiParameter(
    "id", OpenApiTypes.STR, OpenApiParameter.PATH, description="Mã hồ sơ (public id) của đơn."
)
CANDIDATE_PARAM = OpenApiParameter(
    "candidate_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Mã hồ sơ của đơn có thể trùng.",
)
Perform = Callable[[Any, Petition, dict[str, Any]], object]


def case_file_prefetches() -> list[Any]:
    """What the case file shows beyond the selectors' list data: constant extra queries."""
    return [
        Prefetch(
            "forwardings",
            queryset=Forwarding.objects.select_related("from_organization", "to_organization"),
        ),
        "pauses",
        "extensions",
    ]


def indexed_as_lists(detail: Any) -> Any:
    """DRF reports errors of list items as `{index: errors}`; as a list they are named
    `petitioners[0].full_name` (as the services name them) rather than `petitioners.0...`."""
    if isinstance(detail, dict):
        if detail and all(isinstance(key, int) for key in detail):
            items: list[Any] = [{} for _ in range(max(detail) + 1)]
            for key, value in detail.items():
                items[key] = indexed_as_lists(value)
            return items
        return {key: indexed_as_lists(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [indexed_as_lists(item) for item in detail]
    return detail


def validated(serializer_class: type[s.StrictInputSerializer], data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise exceptions.ValidationError(indexed_as_lists(serializer.errors))
    return dict(serializer.validated_data)


# ---------------------------------------------------------------- look-ups of codes


def topic_by_code(code: str | None, *, field: str = "topic") -> Topic | None:
    if not code:
        return None
    topic = Topic.objects.filter(code=code, is_active=True).first()
    if topic is None:
        raise ValidationFailed(
            _("Không tìm thấy chủ đề có mã “%(code)s”.") % {"code": code},
            code="unknown_topic",
            field=field,
        )
    return topic


def organization_by_code(code: str, *, field: str) -> Organization:
    organization = Organization.objects.filter(code=code).first()
    if organization is None:
        raise ValidationFailed(
            _("Không tìm thấy cơ quan có mã “%(code)s”.") % {"code": code},
            code="unknown_organization",
            field=field,
        )
    return organization


def units_for_filter(code: str) -> list[AdminUnit]:
    """The unit a list is filtered by: today's unit with that code, else the former ones."""
    try:
        return [resolve_unit_code(code)]
    except ValidationFailed:
        units = list(AdminUnit.objects.filter(code=code.strip()))
        if not units:
            raise
        return units


def registering_organization(user: Any, code: str | None) -> Organization:
    """The organisation a petition is registered for: the one named, else the user's only one."""
    if code:
        organization = organization_by_code(code, field="organization")
        if not can_register(user, organization):
            raise PermissionDenied(
                _("Bạn không công tác tại cơ quan này nên không thể vào sổ đơn cho cơ quan đó.")
            )
        return organization
    organizations = {m.organization_id: m.organization for m in active_memberships(user)}
    if len(organizations) == 1:
        return next(iter(organizations.values()))
    if not organizations:
        message = _("Hãy ghi mã cơ quan tiếp nhận đơn (organization).")
    else:
        message = _(
            "Bạn công tác ở nhiều cơ quan; hãy ghi mã cơ quan tiếp nhận đơn (organization)."
        )
    raise ValidationFailed(message, code="organization_required", field="organization")


# ---------------------------------------------------------------- what each action does


def _accept(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_accept(
        actor=actor, petition=petition, on=data["on"], note=data["note"]
    )


def _forward(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    organization = organization_by_code(data["to_organization"], field="to_organization")
    if not Organization.objects.active_on(data["on"]).filter(pk=organization.pk).exists():
        raise ValidationFailed(
            _("Cơ quan nhận không còn hoạt động vào ngày chuyển đơn."),
            code="organization_inactive",
            field="to_organization",
        )
    return services.petition_forward(
        actor=actor,
        petition=petition,
        on=data["on"],
        to_organization=organization,
        note=data["note"],
    )


def _guide(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_guide(actor=actor, petition=petition, on=data["on"], note=data["note"])


def _return(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_return(
        actor=actor, petition=petition, on=data["on"], reason=data["reason"]
    )


def _archive(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_archive(
        actor=actor, petition=petition, on=data["on"], reason=data["reason"]
    )


def _extend(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_extend(
        actor=actor,
        petition=petition,
        on=data["on"],
        days=data["days"],
        reason=data["reason"],
        step=data.get("step") or None,
        decision_number=data["decision_number"],
    )


def _pause(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_pause(
        actor=actor, petition=petition, on=data["on"], reason=data["reason"]
    )


def _resume(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_resume(
        actor=actor, petition=petition, on=data["on"], reason=data["reason"]
    )


def _resolve(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_resolve(
        actor=actor,
        petition=petition,
        on=data["on"],
        outcome=data["outcome"],
        summary=data["summary"],
    )


def _reply(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_reply(actor=actor, petition=petition, on=data["on"], text=data["text"])


def _urge(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_urge(actor=actor, petition=petition, on=data["on"], note=data["note"])


def _notify(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_notify(actor=actor, petition=petition, on=data["on"])


def _reopen(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_reopen(
        actor=actor, petition=petition, on=data["on"], reason=data["reason"]
    )


def _classify(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_classify(
        actor=actor,
        petition=petition,
        on=data["on"],
        kind=data.get("kind"),
        topic=topic_by_code(data.get("topic")),
        eligible=data.get("eligible"),
        ineligibility_reasons=data.get("ineligibility_reasons"),
        within_competence=data.get("within_competence"),
        complex=data.get("complex"),
        especially_complex=data.get("especially_complex"),
        remote_area=data.get("remote_area"),
    )


def _assign(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    user = User.objects.filter(username=data["username"], is_active=True).first()
    if user is None:
        raise ValidationFailed(
            _("Không tìm thấy cán bộ có tên đăng nhập “%(username)s”.")
            % {"username": data["username"]},
            code="unknown_user",
            field="username",
        )
    return services.petition_assign(
        actor=actor, petition=petition, user=user, on=data["on"], role=data["role"]
    )


def _report_back(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    return services.petition_report_back(
        actor=actor, petition=petition, on=data["on"], summary=data["summary"]
    )


def _split(actor: Any, petition: Petition, data: dict[str, Any]) -> object:
    parts = [
        {
            "kind": part["kind"],
            "content": part["content"],
            "title": part["title"],
            "topic": topic_by_code(part.get("topic"), field=f"parts[{index}].topic"),
        }
        for index, part in enumerate(data["parts"])
    ]
    return services.petition_split(actor=actor, petition=petition, on=data["on"], parts=parts)


# Fields named differently by the services and by the API.
FIELD_NAMES = {"user": "username"}


def _api_field(error: DomainError) -> DomainError:
    if error.field in FIELD_NAMES:
        error.field = FIELD_NAMES[error.field]
    return error


def _transition_view(
    name: str,
    *,
    url_path: str,
    body: type[s.PetitionActionSerializer],
    perform: Perform,
    summary: str,
) -> Any:
    """A `POST /petitions/{id}/<url_path>/` action running workflow transition `name`."""

    def view(self: PetitionViewSet, request: Request, id: str) -> Response:
        return self.run_transition(request, id, name, body, perform)

    view.__name__ = view.__qualname__ = name if name != "return" else "return_"
    view.__doc__ = summary
    view = action(detail=True, methods=["post"], url_path=url_path, url_name=url_path)(view)
    return extend_schema(
        request=body,
        responses={200: s.PetitionSerializer},
        parameters=[ID_PARAM],
        summary=summary,
        tags=TAGS,
    )(view)


class PetitionViewSet(viewsets.GenericViewSet):
    """Petitions the user may see; transitions for those the user may change."""

    serializer_class = s.PetitionSerializer
    queryset = Petition.objects.none()
    pagination_class = TwoStepPagePagination
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = r"[A-Za-z0-9_-]{1,16}"

    # ------------------------------------------------------------ reading

    def case_file(self, public_id: str) -> Petition:
        """The case file if in the user's scope (404 otherwise), with everything it shows."""
        petition = selectors.petition_for(self.request.user, public_id)
        prefetch_related_objects([petition], *case_file_prefetches())
        return petition

    def represent(self, petition: Petition, *, surface: str = "api") -> dict[str, Any]:
        context = s.output_context(self.request, [petition], surface=surface)
        return dict(s.PetitionSerializer(petition, context=context).data)

    @extend_schema(
        parameters=[s.PetitionFilterSerializer],
        responses={200: s.PetitionSerializer(many=True)},
        summary="Danh sách đơn thư trong phạm vi của người dùng",
        tags=TAGS,
    )
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filtered_queryset(request.query_params))
        petitions = list(page or [])
        context = s.output_context(request, petitions, surface="api_list")
        data = s.PetitionSerializer(petitions, many=True, context=context).data
        return self.get_paginated_response(data)

    def filtered_queryset(self, params: Mapping[str, Any]) -> QuerySet[Petition]:
        f = validated(s.PetitionFilterSerializer, params)
        admin_unit_ids = None
        if f.get("admin_unit"):
            admin_unit_ids = frozenset(unit_ids_within(units_for_filter(f["admin_unit"])))
        if f.get("topic"):
            topic_by_code(f["topic"])
        filters = selectors.PetitionFilters(
            status=f.get("status", ""),
            kind=f.get("kind", ""),
            topic=f.get("topic", ""),
            channel=f.get("channel", ""),
            admin_unit_ids=admin_unit_ids,
            overdue=f["overdue"],
            open_only=f["open"],
            received_from=f.get("received_from"),
            received_to=f.get("received_to"),
            q=f.get("q", ""),
            assigned_to_me=f["assigned_to_me"],
        )
        return (
            selectors.petition_list(self.request.user, filters)
            .select_related("suggested_topic", "previous_round", "parent", "duplicate_of")
            .prefetch_related(*case_file_prefetches())
        )

    @extend_schema(
        parameters=[ID_PARAM],
        responses={200: s.PetitionSerializer},
        summary="Hồ sơ một đơn thư",
        tags=TAGS,
    )
    def retrieve(self, request: Request, id: str) -> Response:
        return Response(self.represent(self.case_file(id)))

    # ------------------------------------------------------------ registering

    @extend_schema(
        request=s.PetitionCreateSerializer,
        responses={201: s.PetitionSerializer},
        summary="Vào sổ một đơn thư",
        tags=TAGS,
    )
    def create(self, request: Request) -> Response:
        user = request.user
        if not (is_system_administrator(user) or is_officer(user)):
            raise PermissionDenied(_("Chỉ cán bộ hoặc quản trị hệ thống mới được vào sổ đơn."))
        data = validated(s.PetitionCreateSerializer, request.data)
        organization = registering_organization(user, data.get("organization"))
        received_on = data["received_on"]
        admin_unit = None
        if data.get("admin_unit"):
            admin_unit = resolve_unit_code(data["admin_unit"], on=received_on)
        previous_round = None
        if data.get("previous_round"):
            previous_round = (
                selectors.visible_petitions(user).filter(public_id=data["previous_round"]).first()
            )
            if previous_round is None:
                raise ValidationFailed(
                    _("Không tìm thấy khiếu nại lần đầu có mã “%(id)s”.")
                    % {"id": data["previous_round"]},
                    code="unknown_previous_round",
                    field="previous_round",
                )
        petition = services.petition_register(
            actor=user,
            organization=organization,
            kind=data["kind"],
            channel=data["channel"],
            received_on=received_on,
            content=data["content"],
            title=data["title"],
            admin_unit=admin_unit,
            petitioners=[PetitionerInput(**person) for person in data["petitioners"]],
            anonymous=data["anonymous"],
            complex=data["complex"],
            remote_area=data["remote_area"],
            round=data["round"],
            previous_round=previous_round,
            signatory_count=data.get("signatory_count"),
            topic=topic_by_code(data.get("topic")),
        )
        body = self.represent(self.case_file(petition.public_id))
        location = request.build_absolute_uri(f"{petition.public_id}/")
        return Response(body, status=status.HTTP_201_CREATED, headers={"Location": location})

    # ------------------------------------------------------------ transitions

    def run_transition(
        self,
        request: Request,
        public_id: str,
        name: str,
        body: type[s.PetitionActionSerializer],
        perform: Perform,
    ) -> Response:
        petition = self.case_file(public_id)
        if not can_act(request.user, petition, name):
            raise PermissionDenied(_("Bạn được xem nhưng không có quyền thay đổi hồ sơ này."))
        workflow.check(petition, name)
        data = validated(body, request.data)
        try:
            perform(request.user, petition, data)
        except DomainError as error:
            raise _api_field(error) from error
        return Response(self.represent(self.case_file(public_id)))

    accept = _transition_view(
        "accept",
        url_path="accept",
        body=s.PetitionNoteSerializer,
        perform=_accept,
        summary="Thụ lý",
    )
    forward = _transition_view(
        "forward",
        url_path="forward",
        body=s.PetitionForwardSerializer,
        perform=_forward,
        summary="Chuyển đơn đến cơ quan có thẩm quyền",
    )
    guide = _transition_view(
        "guide",
        url_path="guide",
        body=s.PetitionGuideSerializer,
        perform=_guide,
        summary="Hướng dẫn công dân (một lần)",
    )
    return_ = _transition_view(
        "return",
        url_path="return",
        body=s.PetitionReasonSerializer,
        perform=_return,
        summary="Trả lại đơn",
    )
    archive = _transition_view(
        "archive",
        url_path="archive",
        body=s.PetitionOptionalReasonSerializer,
        perform=_archive,
        summary="Xếp lưu đơn",
    )
    extend = _transition_view(
        "extend",
        url_path="extend",
        body=s.PetitionExtendSerializer,
        perform=_extend,
        summary="Gia hạn thời hạn một bước",
    )
    pause = _transition_view(
        "pause",
        url_path="pause",
        body=s.PetitionReasonSerializer,
        perform=_pause,
        summary="Tạm dừng giải quyết",
    )
    resume = _transition_view(
        "resume",
        url_path="resume",
        body=s.PetitionOptionalReasonSerializer,
        perform=_resume,
        summary="Tiếp tục giải quyết",
    )
    resolve = _transition_view(
        "resolve",
        url_path="resolve",
        body=s.PetitionResolveSerializer,
        perform=_resolve,
        summary="Ghi kết quả giải quyết",
    )
    reply = _transition_view(
        "reply",
        url_path="reply",
        body=s.PetitionReplySerializer,
        perform=_reply,
        summary="Trả lời công dân",
    )
    urge = _transition_view(
        "urge",
        url_path="urge",
        body=s.PetitionNoteSerializer,
        perform=_urge,
        summary="Đôn đốc",
    )
    notify = _transition_view(
        "notify",
        url_path="notify",
        body=s.PetitionActionSerializer,
        perform=_notify,
        summary="Thông báo thụ lý đơn tố cáo",
    )
    reopen = _transition_view(
        "reopen",
        url_path="reopen",
        body=s.PetitionReasonSerializer,
        perform=_reopen,
        summary="Mở lại hồ sơ (người đứng đầu)",
    )
    classify = _transition_view(
        "classify",
        url_path="classify",
        body=s.PetitionClassifySerializer,
        perform=_classify,
        summary="Phân loại đơn",
    )
    assign = _transition_view(
        "assign",
        url_path="assign",
        body=s.PetitionAssignSerializer,
        perform=_assign,
        summary="Phân công cán bộ xử lý (người đứng đầu)",
    )
    report_back = _transition_view(
        "report_back",
        url_path="report-back",
        body=s.PetitionReportBackSerializer,
        perform=_report_back,
        summary="Ghi nhận báo cáo kết quả của cơ quan nhận đơn",
    )
    split = _transition_view(
        "split",
        url_path="split",
        body=s.PetitionSplitSerializer,
        perform=_split,
        summary="Tách đơn nhiều nội dung",
    )

    # ------------------------------------------------------------ duplicates

    def decide_duplicate(
        self, request: Request, public_id: str, candidate_id: str, *, confirmed: bool
    ) -> Response:
        petition = self.case_file(public_id)
        if not can_handle(request.user, petition):
            raise PermissionDenied(_("Bạn được xem nhưng không có quyền thay đổi hồ sơ này."))
        candidate = (
            DuplicateCandidate.objects.filter(
                petition=petition,
                candidate__in=selectors.visible_petitions(request.user).filter(
                    public_id=candidate_id
                ),
            )
            .select_related("petition", "candidate")
            .first()
        )
        if candidate is None:
            raise NotFound(_("Không tìm thấy khả năng trùng đơn này."))
        if confirmed:
            workflow.check(petition, "mark_duplicate")
        data = validated(s.PetitionActionSerializer, request.data)
        services.duplicate_decide(
            actor=request.user, candidate=candidate, confirmed=confirmed, on=data["on"]
        )
        return Response(self.represent(self.case_file(public_id)))

    @extend_schema(
        request=s.PetitionActionSerializer,
        responses={200: s.PetitionSerializer},
        parameters=[ID_PARAM, CANDIDATE_PARAM],
        summary="Xác nhận là đơn trùng",
        tags=TAGS,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"duplicates/(?P<candidate_id>[A-Za-z0-9_-]{1,16})/confirm",
        url_name="duplicate-confirm",
    )
    def confirm_duplicate(self, request: Request, id: str, candidate_id: str) -> Response:
        return self.decide_duplicate(request, id, candidate_id, confirmed=True)

    @extend_schema(
        request=s.PetitionActionSerializer,
        responses={200: s.PetitionSerializer},
        parameters=[ID_PARAM, CANDIDATE_PARAM],
        summary="Xác nhận không phải đơn trùng",
        tags=TAGS,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"duplicates/(?P<candidate_id>[A-Za-z0-9_-]{1,16})/reject",
        url_name="duplicate-reject",
    )
    def reject_duplicate(self, request: Request, id: str, candidate_id: str) -> Response:
        return self.decide_duplicate(request, id, candidate_id, confirmed=False)
