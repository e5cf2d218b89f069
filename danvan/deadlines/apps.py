from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "danvan.deadlines"
    label = "deadlines"
