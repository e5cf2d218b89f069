from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "danvan.places"
    label = "places"
