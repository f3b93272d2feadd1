from django.apps import AppConfig


class HomesecConfig(AppConfig):
    name = "homesec"
    verbose_name = "homesec"
