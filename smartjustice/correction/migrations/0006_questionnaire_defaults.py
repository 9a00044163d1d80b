"""Install the shipped questionnaires (assessments.DEFAULT_QUESTIONNAIRES); rows already there
are left as an administrator edited them."""
from django.db import migrations


def install(apps, schema_editor):
    from smartjustice.correction.assessments import install_defaults

    install_defaults(apps)


class Migration(migrations.Migration):
    dependencies = [("correction", "0005_programme")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
