"""A form base for records filed by an organisation for one commune or ward of its
jurisdiction (dialogues, consultations, publications, community decisions): the choices
offered are the user's organisations that have communes, and the communes of those."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danvan.organizations.models import Organization
from danvan.places.models import AdminUnit


class OrganizationCommuneForm(forms.Form):
    """Subclasses may redeclare `organization` and `admin_unit` to change their labels, and
    call `set_places` from `__init__`. `clean` turns both ids into objects, or says the
    commune is outside the chosen organisation's jurisdiction."""

    organization = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int)
    admin_unit = forms.TypedChoiceField(label=_("Xã, phường"), coerce=int)

    def set_places(self, organizations: list[Organization]) -> None:
        self.organizations = {o.pk: o for o in organizations}
        self.units: dict[int, AdminUnit] = {}
        self.units_of: dict[int, set[int]] = {}
        for organization in organizations:
            communes = [
                u for u in organization.jurisdiction.all() if u.level == AdminUnit.Level.COMMUNE
            ]
            self.units_of[organization.pk] = {u.pk for u in communes}
            self.units.update((u.pk, u) for u in communes)
        self.usable = [o for o in organizations if self.units_of[o.pk]]
        choose = ("", gettext("— Chọn —"))
        cast(forms.ChoiceField, self.fields["organization"]).choices = [
            choose,
            *((o.pk, o.name) for o in self.usable),
        ]
        cast(forms.ChoiceField, self.fields["admin_unit"]).choices = [
            choose,
            *((u.pk, u.name) for u in sorted(self.units.values(), key=lambda u: u.name)),
        ]
        if len(self.usable) == 1 and not self.is_bound:
            only = self.usable[0]
            self.initial.setdefault("organization", only.pk)
            if len(self.units_of[only.pk]) == 1:
                self.initial.setdefault("admin_unit", next(iter(self.units_of[only.pk])))

    @property
    def has_places(self) -> bool:
        return bool(self.usable)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        organization_id = data.get("organization")
        unit_id = data.get("admin_unit")
        if organization_id is not None and unit_id is not None:
            if unit_id not in self.units_of.get(organization_id, set()):
                self.add_error(
                    "admin_unit", _("Xã, phường này không thuộc địa bàn của cơ quan đã chọn.")
                )
            else:
                data["organization"] = self.organizations[organization_id]
                data["admin_unit"] = self.units[unit_id]
        return data
