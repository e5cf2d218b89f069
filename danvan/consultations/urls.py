"""Consultations on drafts: sections, comments from every channel, the drafter's responses
and the synthesis report (shared/GLOSSARY.md)."""

from __future__ import annotations

from django.urls import URLPattern, path

from danvan.consultations import views

app_name = "consultations"

urlpatterns: list[URLPattern] = [
    path("", views.consultation_list, name="consultation_list"),
    path("new/", views.consultation_create, name="consultation_create"),
    path("<str:public_id>/", views.consultation_detail, name="consultation_detail"),
    path(
        "<str:public_id>/actions/<str:action>/",
        views.consultation_action,
        name="consultation_action",
    ),
    path("<str:public_id>/document/", views.draft_document, name="draft_document"),
    path("<str:public_id>/report.docx", views.synthesis_report, name="synthesis_report"),
]
