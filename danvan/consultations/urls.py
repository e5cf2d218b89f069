"""Consultations on drafts: sections, comments from every channel, the drafter's responses
and the synthesis report (shared/GLOSSARY.md)."""

from __future__ import annotations

from django.urls import URLPattern, path

from danvan.consultations import views

app_name = "consultations"

urlpatterns: list[URLPattern] = [
    path("<str:public_id>/report.docx", views.synthesis_report, name="synthesis_report"),
]
