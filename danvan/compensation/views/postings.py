"""Web screens of compensation programmes: postings."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
