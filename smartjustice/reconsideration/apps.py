from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReconsiderationConfig(AppConfig):
    name = "smartjustice.reconsideration"
    label = "reconsideration"
    verbose_name = _("Administrative reconsideration")
    default_auto_field = "django.db.models.BigAutoField"
