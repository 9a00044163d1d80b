from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionConfig(AppConfig):
    name = "smartjustice.correction"
    label = "correction"
    verbose_name = _("Community correction")
    default_auto_field = "django.db.models.BigAutoField"
