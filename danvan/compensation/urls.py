from __future__ import annotations

from danvan.compensation.views import mobilization, postings, programs, spreadsheets

app_name = "compensation"

urlpatterns = [
    *programs.urlpatterns,
    *postings.urlpatterns,
    *spreadsheets.urlpatterns,
    *mobilization.urlpatterns,
]
