"""Template tags of the UI shell: query strings, the audit trail, the officer's memberships.

{% load danvan_ui %}
<a href="{% query_replace page=2 %}">…</a>     keeps the other GET parameters
{% audit_trail petition %}                       newest 50 events of a record
{% current_memberships as memberships %}         the user's active memberships (cached)
{{ some_dict|lookup:key }}                       a dict value by a variable key
"""

from __future__ import annotations

from typing import Any

from django import template
from django.db import models
from django.http import HttpRequest, QueryDict

from danvan.audit.selectors import events_for
from danvan.organizations.selectors import active_memberships

register = template.Library()

AUDIT_TRAIL_LIMIT = 50


@register.simple_tag(takes_context=True)
def query_replace(context: template.Context, **kwargs: Any) -> str:
    """The current query string with `kwargs` set (a value of None removes the parameter).

    Returns "?…" (or "?" when nothing is left) so it can be used as a link target on its own.
    """
    request: HttpRequest | None = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in kwargs.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = str(value)
    return "?" + query.urlencode()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or "" when the key is missing or `mapping` is not a mapping."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return ""


def field_labels_for(obj: models.Model) -> dict[str, str]:
    """Field name → its verbose name, to label the fields in an event's changes."""
    labels: dict[str, str] = {}
    for field in obj._meta.get_fields():
        verbose = getattr(field, "verbose_name", None)
        if verbose:
            labels[field.name] = str(verbose)
            attname = getattr(field, "attname", None)
            if attname and attname != field.name:
                labels[attname] = str(verbose)
    return labels


@register.inclusion_tag("core/_audit_trail.html")
def audit_trail(obj: models.Model, limit: int = AUDIT_TRAIL_LIMIT) -> dict[str, Any]:
    """Render the audit trail of any model instance, newest first."""
    return {
        "events": events_for(obj, limit=limit),
        "field_labels": field_labels_for(obj),
        "limit": limit,
    }


@register.simple_tag(takes_context=True)
def current_memberships(context: template.Context) -> list[Any]:
    """The logged-in user's active memberships with their organisation; one query per request."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return []
    return active_memberships(getattr(request, "user", None))


@register.filter
def elided_pages(paginator: Any, number: int) -> list[Any]:
    """Page numbers around `number`, with `paginator.ELLIPSIS` for the gaps."""
    return list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
