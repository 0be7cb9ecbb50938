from django.db import migrations

ROLE = "enterprise_user"


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name=ROLE)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_agencies_move_here")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
