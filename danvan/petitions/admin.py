"""The topic taxonomy is edited in the administration screens (through the topic services).

Petitions themselves are not in the admin: their writes go through the case-file services,
and a denouncer's identity must not be shown to anyone not assigned to the case."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danvan.petitions.models import Topic
from danvan.petitions.topic_services import TOPIC_FIELDS, topic_create, topic_update


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position", "is_active")
    list_editable = ()
    search_fields = ("name", "code", "keywords")
    fields = TOPIC_FIELDS

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # retire a topic with "is_active", so that old cases keep it

    def save_model(self, request: HttpRequest, obj: Topic, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in TOPIC_FIELDS}
        if change:
            saved = topic_update(actor=request.user, topic=Topic.objects.get(pk=obj.pk), **data)
        else:
            saved = topic_create(actor=request.user, **data)
        obj.pk = saved.pk
        obj._state.adding = False
        obj._state.db = saved._state.db
