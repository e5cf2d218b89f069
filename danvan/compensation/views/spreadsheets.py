"""Web screens of compensation programmes: the households workbook — the template to fill
in, the export of the households in the reader's scope, and the import page (upload, then
the rows in error or the counts saved; danvan.compensation.imports).

A programme is visible to a user whose scope meets it (its organisation, its area, or a
household of it); otherwise its pages answer 404 — so a user who belongs to no organisation
sees none. Importing into a commune needs permissions.can_work_in (else a row error). A bad
file is a Vietnamese message on the form, never a 500."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.compensation import exports, imports
from danvan.compensation import rates as pricing
from danvan.compensation.models import CompensationProgram, Household, HouseholdStatus
from danvan.compensation.spreadsheets import MAX_FILE_BYTES, XLSX_CONTENT_TYPE
from danvan.core.errors import DomainError
from danvan.organizations.scope import filter_in_scope, scope_for
from danvan.places.selectors import unit_ids_within

SHOWN_ERRORS = 1000
SESSION_KEY = "compensation_import_result"


def visible_program(user: Any, code: str) -> CompensationProgram:
    """The programme if the user's scope meets it; Http404 otherwise."""
    program = CompensationProgram.objects.filter(code=code).select_related("organization").first()
    if program is None:
        raise Http404
    scope = scope_for(user)
    if scope.everything:
        return program
    if scope.is_empty:
        raise Http404
    if program.organization_id in scope.organization_ids:
        return program
    area = list(program.area.all())
    if not area or unit_ids_within(area) & scope.unit_ids:
        return program
    if filter_in_scope(Household.objects.filter(program=program), user).exists():
        return program
    raise Http404


def _program_url(program: CompensationProgram) -> str:
    try:
        return reverse("compensation:program_detail", kwargs={"code": program.code})
    except NoReverseMatch:
        return ""


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def household_template(request: HttpRequest, code: str) -> HttpResponse:
    program = visible_program(request.user, code)
    content = exports.households_xlsx(program)
    return _xlsx(content, exports.export_filename(program, template=True))


@login_required
def household_export(request: HttpRequest, code: str) -> HttpResponse:
    program = visible_program(request.user, code)
    filters = {
        name: request.GET.get(name, "").strip()[:150]
        for name in ("admin_unit", "village", "status")
    }
    if filters["status"] not in HouseholdStatus.values:
        filters["status"] = ""
    households = exports.households_for_export(request.user, program, **filters)
    content = exports.households_xlsx(program, households, filters=filters)
    return _xlsx(content, exports.export_filename(program))


class HouseholdImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy(
            "Tệp theo mẫu của chương trình: trang “Hộ” và trang “Kiểm đếm”. Tối đa 30 MB."
        ),
        error_messages={"required": gettext_lazy("Hãy chọn tệp Excel cần nhập.")},
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Khi tệp có dòng lỗi"),
        choices=[
            (imports.STRICT, gettext_lazy("Không lưu gì cả; sửa hết lỗi rồi nhập lại")),
            (
                imports.VALID_ONLY,
                gettext_lazy("Lưu các hộ không có lỗi; bỏ qua trọn vẹn các hộ có lỗi"),
            ),
        ],
        initial=imports.STRICT,
        widget=forms.RadioSelect,
    )


def _summary(result: imports.ImportResult) -> dict[str, Any]:
    return {
        "mode": result.mode,
        "file_name": result.file_name,
        "households_read": result.households_read,
        "lines_read": result.lines_read,
        "households_created": result.households_created,
        "lines_created": result.lines_created,
        "households_rejected": result.households_rejected,
        "total_amount": pricing.vn_number(result.total_amount),
        "error_count": len(result.errors),
        "errors": [dataclasses.asdict(error) for error in result.errors[:SHOWN_ERRORS]],
    }


@login_required
def household_import(request: HttpRequest, code: str) -> HttpResponse:
    program = visible_program(request.user, code)
    result: dict[str, Any] | None = None
    if request.method == "POST":
        form = HouseholdImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if (upload.size or 0) > MAX_FILE_BYTES:
                form.add_error(
                    "file",
                    _("Tệp quá lớn (tối đa %(mb)d MB).") % {"mb": MAX_FILE_BYTES // (1024 * 1024)},
                )
            else:
                try:
                    outcome = imports.households_import_file(
                        actor=request.user,
                        program=program,
                        content=upload.read(),
                        file_name=(upload.name or "")[:255],
                        mode=form.cleaned_data["mode"],
                    )
                except DomainError as error:
                    form.add_error("file", str(error.message))
                else:
                    result = _summary(outcome)
                    if outcome.households_created:
                        # Saved: show the outcome on a fresh page, so a reload does not import
                        # the file again.
                        request.session[SESSION_KEY] = {"program": program.code, **result}
                        messages.success(
                            request,
                            _("Đã nhập %(households)d hộ, %(lines)d dòng kiểm đếm.")
                            % {
                                "households": outcome.households_created,
                                "lines": outcome.lines_created,
                            },
                        )
                        return redirect("compensation:household_import", code=program.code)
    else:
        form = HouseholdImportForm()
        stored = request.session.pop(SESSION_KEY, None)
        if isinstance(stored, dict) and stored.get("program") == program.code:
            result = stored
    context = {
        "program": program,
        "program_url": _program_url(program),
        "form": form,
        "result": result,
        "shown_errors": SHOWN_ERRORS,
        "active": program.status == CompensationProgram.Status.ACTIVE,
    }
    return render(request, "compensation/spreadsheets/household_import.html", context)


urlpatterns: list[URLPattern] = [
    path(
        "programs/<slug:code>/households/template.xlsx",
        household_template,
        name="household_template",
    ),
    path(
        "programs/<slug:code>/households/export.xlsx",
        household_export,
        name="household_export",
    ),
    path(
        "programs/<slug:code>/households/import/",
        household_import,
        name="household_import",
    ),
]
