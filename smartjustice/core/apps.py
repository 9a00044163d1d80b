from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "smartjustice.core"
    label = "core"
    verbose_name = "Core"
