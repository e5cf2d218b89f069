"""Template tags of the household page's objection and payment sections, which another page
includes with only `household` and `can_change` in its context.

{% load compensation_sections %}
{% household_objections household as section %}   objections, petitions, forms
{% household_payments household as section %}     payments, approved/paid/remaining, form
{{ amount|vnd }}                                   "1.234.567 đ"
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from danvan.compensation.forms_postings import ObjectionForm, PaymentForm, ResolveForm
from danvan.compensation.models import Household, HouseholdStatus, Objection, Payment
from danvan.compensation.rates import vn_number

register = template.Library()
S = HouseholdStatus


@register.filter
def vnd(value: Any) -> str:
    """An amount in whole đồng as offices write it: "1.234.567 đ"."""
    if value is None or value == "":
        return "—"
    return f"{vn_number(Decimal(value).quantize(Decimal(1)))} đ"


@register.simple_tag
def household_objections(household: Household) -> dict[str, Any]:
    """The household's objections with their petitions (one query), a form to raise one
    while the household is posted or objecting, and one to resolve each open objection."""
    rows = []
    for objection in Objection.objects.filter(household=household).select_related("petition"):
        form = None
        if objection.resolved_on is None:
            form = ResolveForm(auto_id=f"id_{objection.public_id}_%s")
        rows.append({"objection": objection, "resolve_form": form})
    can_raise = household.status in (S.POSTED, S.OBJECTING)
    return {
        "rows": rows,
        "open": sum(1 for row in rows if row["resolve_form"] is not None),
        "raise_form": ObjectionForm() if can_raise else None,
    }


@register.simple_tag
def household_payments(household: Household) -> dict[str, Any]:
    """The household's payments with their receipts (one query), the approved, paid and
    remaining amounts, and a form to record a payment while the household is approved."""
    payments = list(
        Payment.objects.filter(household=household)
        .select_related("evidence", "recorded_by")
        .order_by("paid_on", "pk")
    )
    paid = sum((payment.amount for payment in payments), Decimal(0))
    approved = household.approved_total
    return {
        "payments": payments,
        "approved": approved,
        "paid": paid,
        "remaining": approved - paid if approved is not None else None,
        "form": PaymentForm(household=household) if household.status == S.APPROVED else None,
    }
