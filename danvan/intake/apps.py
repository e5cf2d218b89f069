from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "danvan.intake"
    label = "intake"
    verbose_name = _("Tiếp nhận qua thư điện tử")
