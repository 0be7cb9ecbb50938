"""Fill ``programs.PeriodClosure`` from the reports accepted before the lock rule read it."""

from django.db import migrations
from django.db.models import Q


def fill(apps, schema_editor):
    AgencyReport = apps.get_model("reports", "AgencyReport")
    ReportingPeriod = apps.get_model("programs", "ReportingPeriod")
    PeriodClosure = apps.get_model("programs", "PeriodClosure")
    accepted = AgencyReport.objects.filter(status="accepted").values_list(
        "agency_id", "period__starts_on", "period__ends_on"
    )
    inside_by_agency: dict[int, Q] = {}
    for agency_id, starts_on, ends_on in accepted:
        inside = Q(starts_on__gte=starts_on, ends_on__lte=ends_on)
        inside_by_agency[agency_id] = inside_by_agency.get(agency_id, Q(pk__in=[])) | inside
    rows = [
        PeriodClosure(agency_id=agency_id, period_id=period_id)
        for agency_id, inside in inside_by_agency.items()
        for period_id in ReportingPeriod.objects.filter(inside).values_list("pk", flat=True)
    ]
    PeriodClosure.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0005_period_closures"),
        ("reports", "0002_officers_move_here_periods_move_out"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
