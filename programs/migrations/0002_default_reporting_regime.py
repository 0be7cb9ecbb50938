"""The default reporting regime of state administrative reports (Nghị định 09/2019/NĐ-CP):
annual data from 15/12 of the previous year to 14/12; half-years split on 15/6."""

from django.db import migrations


def create_default(apps, schema_editor):
    ReportingRegime = apps.get_model("programs", "ReportingRegime")
    ReportingRegime.objects.get_or_create(
        code="nd09-2019",
        defaults={
            "name": "Chế độ báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP",
            "frequency": "semiannual",
            "year_start_month": 12,
            "year_start_day": 15,
            "half_split_month": 6,
            "half_split_day": 15,
            "due_days_after_end": 5,
            "is_default": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(create_default, migrations.RunPython.noop)]
