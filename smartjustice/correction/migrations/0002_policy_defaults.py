"""Install the local-policy defaults (policy.DEFAULTS, policy.DEFAULT_LEVELS); rows already
there are left as an administrator edited them."""
from django.db import migrations


def install(apps, schema_editor):
    from smartjustice.correction.policy import install_defaults

    install_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("correction", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
