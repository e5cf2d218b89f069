from django.urls import path

from danvan.portal import views, views_participation

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("gui-don/", views.submit, name="submit"),
    path("gui-don/da-nhan/", views.receipt, name="receipt"),
    path("bao-ve-du-lieu-ca-nhan/", views.privacy, name="privacy"),
    path("tra-cuu/", views.track, name="track"),
    path("tra-cuu/ho-so/", views.case, name="case"),
    path("tra-cuu/ho-so/danh-gia/", views.rate, name="rate"),
    path("tra-cuu/ho-so/tep/<str:public_id>/", views.case_file, name="case_file"),
    path("tra-cuu/ket-thuc/", views.track_end, name="track_end"),
    path("cau-tra-loi/", views.answers, name="answers"),
    path("thong-tin-cong-khai/", views.publications, name="publications"),
    path("gop-y-du-thao/", views_participation.consultations, name="consultations"),
    path("gop-y-du-thao/<str:public_id>/", views_participation.consultation, name="consultation"),
    path(
        "gop-y-du-thao/<str:public_id>/tep-du-thao/",
        views_participation.consultation_document,
        name="consultation_document",
    ),
    path("ket-qua-doi-thoai/", views_participation.dialogues, name="dialogues"),
    path("ket-qua-doi-thoai/<str:public_id>/", views_participation.dialogue, name="dialogue"),
    path("lich-tiep-cong-dan/", views.sessions, name="sessions"),
    path("lich-tiep-cong-dan/da-dat/", views.booked, name="booked"),
    path("lich-tiep-cong-dan/<str:public_id>/", views.book, name="book"),
    path("can-bo/lich-hen/", views.appointment_list, name="appointment_list"),
]
