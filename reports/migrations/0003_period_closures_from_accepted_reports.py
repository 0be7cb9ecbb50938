"""Fill ``programs.PeriodClosure`` from the reports accepted before the lock rule read it."""

from django.db import migrations


def fill(apps, schema_editor):
    AgencyReport = apps.get_model("reports", "AgencyReport")
    PeriodClosure = apps.get_model("programs", "PeriodClosure")
    accepted = AgencyReport.objects.filter(status="accepted").values_list("agency_id", "period_id")
    PeriodClosure.objects.bulk_create(
        [PeriodClosure(agency_id=a, period_id=p) for a, p in accepted], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_period_closures"),
        ("reports", "0002_officers_move_here_periods_move_out"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
