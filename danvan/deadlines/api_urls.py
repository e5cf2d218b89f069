from django.urls import path

from danvan.deadlines import api

urlpatterns = [
    path("legal-rules/", api.LegalRuleListView.as_view(), name="legal_rule_list"),
    path("legal-rules/<str:code>/", api.LegalRuleDetailView.as_view(), name="legal_rule_detail"),
    path("calendar/add-working-days/", api.AddWorkingDaysView.as_view(), name="add_working_days"),
    path("calendar/add-days/", api.AddDaysView.as_view(), name="add_days"),
    path("calendar/<int:year>/", api.CalendarYearView.as_view(), name="calendar_year"),
]
