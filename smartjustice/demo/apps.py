from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "smartjustice.demo"
    label = "demo"
    verbose_name = "Demo data"
