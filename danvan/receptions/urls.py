app_name = "receptions"

urlpatterns: list = []
