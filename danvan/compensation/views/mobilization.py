"""Web screens of compensation programmes: mobilization."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
