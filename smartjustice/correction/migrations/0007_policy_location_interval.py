"""Install the new local-policy default location.report_every_minutes (policy.DEFAULTS; issue #6
location sharing); rows already there are left as an administrator edited them."""
from django.db import migrations


def install(apps, schema_editor):
    from smartjustice.correction.policy import install_defaults

    install_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("correction", "0006_questionnaire_defaults")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
