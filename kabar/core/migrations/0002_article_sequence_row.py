from django.db import migrations


def create_row(apps, schema_editor):
    Sequence = apps.get_model("kabar_core", "Sequence")
    Sequence.objects.get_or_create(name="article", defaults={"value": 0})


class Migration(migrations.Migration):
    dependencies = [("kabar_core", "0001_initial")]
    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
