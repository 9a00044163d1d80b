from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultConfig(AppConfig):
    name = "smartjustice.legalservice.consult"
    label = "consult"
    verbose_name = _("Legal consultation")
