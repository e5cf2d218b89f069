from __future__ import annotations

from django.urls import path

from danvan.dialogues import views

app_name = "dialogues"

urlpatterns = [
    path("", views.dialogue_list, name="dialogue_list"),
    path("new/", views.dialogue_create, name="dialogue_create"),
    path("<str:public_id>/", views.dialogue_detail, name="dialogue_detail"),
    path("<str:public_id>/actions/<str:action>/", views.dialogue_action, name="dialogue_action"),
    path("<str:public_id>/minutes.docx", views.minutes_docx, name="minutes_docx"),
]
