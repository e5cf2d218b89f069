from django.urls import path

from danvan.petitions import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="petition_list"),
    path("export.xlsx", views.petition_export_xlsx, name="petition_export_xlsx"),
    path("views/save/", views.saved_view_save, name="saved_view_save"),
    path("views/delete/", views.saved_view_delete, name="saved_view_delete"),
    path("new/", views.petition_create, name="petition_create"),
    path("backlog/", views.backlog, name="backlog"),
    path("register.docx", views.register_docx, name="register_docx"),
    path("<str:public_id>/", views.petition_detail, name="petition_detail"),
    path("<str:public_id>/reply.docx", views.reply_docx, name="reply_docx"),
    path("<str:public_id>/actions/<str:action>/", views.petition_action, name="petition_action"),
    path("<str:public_id>/duplicates/<int:pk>/", views.duplicate_decide, name="duplicate_decide"),
    path("<str:public_id>/files/", views.attachment_upload, name="attachment_upload"),
    path("<str:public_id>/receive/", views.forwarding_receive, name="forwarding_receive"),
    path("<str:public_id>/notes/", views.note_add, name="note_add"),
    path("<str:public_id>/publish/", views.publish_answer, name="publish_answer"),
    path(
        "<str:public_id>/files/<str:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
]
