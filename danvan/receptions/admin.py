"""The administrator's screens for reception duties, the schedule and the register; every
write goes through the services (and so into the audit trail).

A visit linked to a denunciation never shows its people here, whoever reads: the
administrator's role gives no right to a denouncer's identity, and the entitled officers
(receiver, assigned) read it on the register's own screens, where each reveal is logged.
Search by name finds only visits whose people are not protected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.petitions.models import Kind
from danvan.receptions import selectors, services
from danvan.receptions.models import ReceptionDuty, ReceptionSession, ReceptionVisit, VisitPerson


class _DryRun(Exception):
    """Raised to roll back a trial run of a service."""


class ServiceForm(forms.ModelForm):
    """A model form whose `clean()` tries the service in a rolled-back transaction, so that
    a domain error shows on the form instead of failing the save."""

    # Each subclass names the service that writes what the form holds.
    submit: Callable[[Any], Any]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            with transaction.atomic():
                self.submit(None)
                raise _DryRun
        except _DryRun:
            pass
        except DomainError as error:
            field = error.field if error.field in self.fields else None
            self.add_error(field, str(error.message))
        return cleaned


class ReceptionDutyAdminForm(ServiceForm):
    class Meta:
        model = ReceptionDuty
        fields = services.DUTY_FIELDS

    def submit(self, actor: Any) -> ReceptionDuty:
        if self.instance.pk:
            fields = {name: self.cleaned_data[name] for name in self.changed_data}
            fresh = ReceptionDuty.objects.get(pk=self.instance.pk)
            return services.reception_duty_update(actor=actor, duty=fresh, **fields)
        values = {name: self.cleaned_data.get(name) for name in services.DUTY_FIELDS}
        for name in ("organization_kind", "organization_level", "title_contains", "note"):
            values[name] = values[name] or ""
        return services.reception_duty_create(actor=actor, **values)


@admin.register(ReceptionDuty)
class ReceptionDutyAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "title",
        "organization_kind",
        "organization_level",
        "membership_role",
        "minimum_count",
        "period",
        "source",
        "is_active",
    )
    list_filter = ("period", "organization_kind", "organization_level", "is_active")
    search_fields = ("code", "title", "source")
    form = ReceptionDutyAdminForm
    fields = services.DUTY_FIELDS
    actions = None

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("code",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: ReceptionDuty, form: Any, change: bool) -> None:
        _adopt(obj, form.submit(request.user))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a duty is retired (is_active, valid_to), never deleted


def _adopt(obj: Any, saved: Any) -> None:
    obj.pk = saved.pk
    obj._state.adding = False
    obj._state.db = saved._state.db


class ReceptionSessionAdminForm(ServiceForm):
    class Meta:
        model = ReceptionSession
        fields = ("organization", *services.SESSION_EDITABLE)

    def submit(self, actor: Any) -> ReceptionSession:
        if self.instance.pk:
            fields = {
                name: self.cleaned_data[name]
                for name in self.changed_data
                if name in services.SESSION_EDITABLE
            }
            fresh = ReceptionSession.objects.get(pk=self.instance.pk)
            return services.reception_session_update(actor=actor, session=fresh, **fields)
        values: dict[str, Any] = {
            name: self.cleaned_data.get(name)
            for name in ("organization", *services.SESSION_EDITABLE)
        }
        values["note"] = values.get("note") or ""
        values["receiver_title"] = values.get("receiver_title") or ""
        return services.reception_session_plan(actor=actor, **values)


@admin.register(ReceptionSession)
class ReceptionSessionAdmin(admin.ModelAdmin):
    form = ReceptionSessionAdminForm
    list_display = ("date", "time_from", "receiver", "organization", "kind", "status", "published")
    list_filter = ("status", "kind", "published")
    search_fields = ("place", "receiver__full_name", "organization__name", "public_id")
    date_hierarchy = "date"
    autocomplete_fields = ("organization", "receiver", "admin_unit")
    list_select_related = ("organization", "receiver")
    actions = ("hold_sessions",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("organization",) if obj is not None else ()

    def save_model(
        self, request: HttpRequest, obj: ReceptionSession, form: Any, change: bool
    ) -> None:
        _adopt(obj, form.submit(request.user))

    @admin.action(description=_("Ghi nhận đã tiếp các lịch đã chọn"))
    def hold_sessions(self, request: HttpRequest, queryset: QuerySet[ReceptionSession]) -> None:
        for session in queryset:
            try:
                services.reception_session_hold(actor=request.user, session=session)
            except DomainError as error:
                messages.error(request, f"{session}: {error.message}")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # cancelled, not deleted


class VisitPersonInline(admin.TabularInline):
    model = VisitPerson
    extra = 0
    fields = ("full_name", "address", "id_number", "phone", "is_representative")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReceptionVisitAdminForm(ServiceForm):
    """A single visitor; groups are entered on the register's own screen or through the API."""

    class Meta:
        model = ReceptionVisit
        fields = (
            "organization",
            "visited_on",
            "session",
            "admin_unit",
            "full_name",
            "address",
            "id_number",
            "phone",
            "content",
            "previous_handling",
            "request",
            "outcome",
            "outcome_text",
            "received_by",
        )

    def submit(self, actor: Any) -> ReceptionVisit:
        data = self.cleaned_data
        return services.reception_visit_create(
            actor=actor,
            organization=data["organization"],
            visited_on=data["visited_on"],
            session=data.get("session"),
            admin_unit=data.get("admin_unit"),
            people=[
                services.PersonInput(
                    full_name=data.get("full_name") or "",
                    address=data.get("address") or "",
                    id_number=data.get("id_number") or "",
                    phone=data.get("phone") or "",
                )
            ],
            content=data.get("content") or "",
            previous_handling=data.get("previous_handling") or "",
            request=data.get("request") or "",
            outcome=data.get("outcome") or "",
            outcome_text=data.get("outcome_text") or "",
            received_by=data.get("received_by"),
        )


IDENTITY_FIELDS = ("full_name", "address", "id_number", "phone")


@admin.register(ReceptionVisit)
class ReceptionVisitAdmin(admin.ModelAdmin):
    form = ReceptionVisitAdminForm
    list_display = ("number", "register_year", "visited_on", "visitor", "organization", "outcome")
    list_filter = ("outcome", "collective", "register_year")
    search_fields = ("public_id", "search_text")  # names: `get_search_results`
    date_hierarchy = "visited_on"
    autocomplete_fields = ("organization", "admin_unit", "received_by")
    raw_id_fields = ("session",)
    list_select_related = ("organization",)
    inlines = (VisitPersonInline,)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReceptionVisit]:
        denunciations = ReceptionVisit.petitions.through.objects.filter(
            receptionvisit=OuterRef("pk"), petition__kind=Kind.DENUNCIATION
        )
        return super().get_queryset(request).annotate(identity_protected=Exists(denunciations))

    @admin.display(description=_("người đến"))
    def visitor(self, obj: ReceptionVisit) -> str:
        if getattr(obj, "identity_protected", True):
            return str(_("Danh tính được giữ bí mật"))
        return obj.full_name

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[ReceptionVisit], search_term: str
    ) -> tuple[QuerySet[ReceptionVisit], bool]:
        """The register number or public id, the content, and the people's names, ID numbers
        and phones of the visits not linked to a denunciation."""
        term = search_term.strip()
        if not term:
            return queryset, False
        condition = selectors.search_q(None, term) | Q(public_id=term.upper()[:16])
        return queryset.filter(condition), False

    def _protected(self, obj: Any) -> bool:
        return obj is not None and obj.pk is not None and selectors.is_protected(obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = super().get_fields(request, obj)
        if self._protected(obj):
            return [name for name in fields if name not in IDENTITY_FIELDS]
        return fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return () if self._protected(obj) else super().get_inlines(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The register is written once; corrections are new entries (Art. 25(2)).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: ReceptionVisit, form: Any, change: bool
    ) -> None:
        _adopt(obj, form.submit(request.user))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pass  # people were written by the service
