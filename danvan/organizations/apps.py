from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "danvan.organizations"
    label = "organizations"
