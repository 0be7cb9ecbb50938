"""Synthetic data at benchmark scale, written with ``bulk_create`` in batches.

Deterministic (one seeded ``random.Random``), realistic in shape: agencies with staff and leads,
directives with lettered tasks, five years of ND 09/2019 periods, progress on every task every
half-year, activities reaching enterprises, assessments with options and savings, agency reports
in every workflow state with their transitions.

``bulk_create`` sends no signals, so no django-simple-history rows are written for this data:
the history of synthetic rows is not needed for the benchmark (nobody changed them), and writing
it would double the seeding time without making any measured page more realistic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from stdnum.vn import mst

from accounts.choices import AgencyKind
from accounts.models import Agency, AgencyAlias, User
from accounts.roles import Role
from assignments.choices import (
    ActivityKind,
    FundingSource,
    ProgressStatus,
    Recurrence,
    TaskCategory,
)
from assignments.models import Activity, Evidence, ProgressUpdate, Task
from config.text import normalize_name
from enterprises.choices import (
    AssessmentKind,
    AssessmentStatus,
    LocalityKind,
    OptionCategory,
    OptionStatus,
    SizeClass,
    VsicLevel,
    ZoneKind,
)
from enterprises.models import Assessment, Enterprise, IndustrialZone, Locality, Option, VsicCode
from programs.choices import DocumentKind, PeriodKind, ReportingFrequency
from programs.models import Indicator, LegalDocument, ReportingPeriod, ReportingRegime, Target
from programs.periods import periods_generate
from reports.choices import ReportStatus
from reports.models import (
    AgencyReport,
    ConsolidatedReport,
    IndicatorValue,
    ReportTransition,
    SxshOfficer,
)

BATCH = 2000
BENCH_PREFIX = "TT-"  # short names of the synthetic agencies ("thử tải")
USER_PREFIX = "bench_"
LETTERS = "abcdđeghiklmnopqrstuvxy"
TAX_PREFIX_SEED = 16  # the first two digits of the seeded tax codes
TAX_PREFIX_IMPORT = 17  # the importer benchmark's new rows, so they never collide


def tax_codes(prefix: int, count: int, start: int = 1) -> Iterator[str]:
    """``count`` distinct valid 10-digit tax codes (python-stdnum's check digit), in order."""
    made, i = 0, start
    while made < count:
        base = f"{prefix:02d}{i:07d}"
        i += 1
        check = mst.calc_check_digit(base)
        if len(check) != 1:  # a remainder of 0 gives "10": no valid code with this base
            continue
        code = base + check
        assert mst.is_valid(code)
        made += 1
        yield code


def _batched(rows: Iterable, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(model, rows: Iterable, **kwargs) -> int:
    n = 0
    for batch in _batched(rows):
        model.objects.bulk_create(batch, batch_size=BATCH, **kwargs)
        n += len(batch)
    return n


@dataclass
class Sizes:
    enterprises: int
    agencies: int
    tasks: int
    activities: int
    assessments: int
    documents: int
    years: int = 5

    @classmethod
    def for_enterprises(cls, n: int) -> Sizes:
        """N=20,000 gives 100 agencies and 2,000 tasks; smaller N scales down, never below a floor."""
        return cls(
            enterprises=n,
            agencies=max(6, min(100, n // 200)),
            tasks=max(24, min(2000, n // 10)),
            activities=max(20, n // 4),
            assessments=max(10, n // 5),
            documents=max(2, min(20, n // 1000)),
        )


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)


def _ensure_regime() -> ReportingRegime:
    regime = ReportingRegime.objects.filter(is_default=True).first()
    if regime is None:
        regime, _ = ReportingRegime.objects.get_or_create(
            code="nd09-2019",
            defaults={
                "name": "Chế độ báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP",
                "frequency": ReportingFrequency.SEMIANNUAL,
                "is_default": True,
            },
        )
    return regime


def _periods(regime: ReportingRegime, years: list[int]) -> list[ReportingPeriod]:
    """The regime's periods of ``years`` (``programs.periods``, the one ND 09 calendar)."""
    for year in years:
        periods_generate(regime=regime, year=year)
    keys = [f"{y}{s}" for y in years for s in ("", "-H1", "-H2")]
    return list(ReportingPeriod.objects.filter(regime=regime, key__in=keys).order_by("starts_on"))


def _reference_data(rng: random.Random, sizes: Sizes):
    """VSIC manufacturing divisions, localities and zones: reuse what fixtures loaded, else add."""
    if not VsicCode.objects.filter(code__regex=r"^\d{2}$").exists():
        VsicCode.objects.bulk_create(
            [
                VsicCode(
                    code="C",
                    name="Công nghiệp chế biến, chế tạo",
                    level=VsicLevel.SECTION,
                    section="C",
                )
            ],
            ignore_conflicts=True,
        )
        section = VsicCode.objects.get(code="C")
        VsicCode.objects.bulk_create(
            [
                VsicCode(
                    code=str(d),
                    name=f"Ngành chế biến, chế tạo mã {d}",
                    level=VsicLevel.DIVISION,
                    section="C",
                    parent=section,
                )
                for d in range(10, 34)
            ],
            ignore_conflicts=True,
        )
    vsic = list(VsicCode.objects.filter(section="C").exclude(level=VsicLevel.SECTION))
    if Locality.objects.count() < 20:
        Locality.objects.bulk_create(
            [
                Locality(
                    code=f"TT{i:04d}",
                    name=f"Thử tải {i}",
                    kind=LocalityKind.WARD if i % 3 == 0 else LocalityKind.COMMUNE,
                    former_district=f"Huyện cũ {i % 11 + 1}",
                )
                for i in range(1, 101)
            ],
            ignore_conflicts=True,
        )
    localities = list(Locality.objects.all())
    IndustrialZone.objects.bulk_create(
        [
            IndustrialZone(
                name=f"Khu công nghiệp Thử tải {i}",
                kind=ZoneKind.INDUSTRIAL_ZONE if i % 2 else ZoneKind.INDUSTRIAL_CLUSTER,
                locality=rng.choice(localities),
            )
            for i in range(1, 21)
        ],
        ignore_conflicts=True,
    )
    zones = list(IndustrialZone.objects.all())
    return vsic, localities, zones


def _agencies_and_users(sizes: Sizes, password_hash: str):
    doit = Agency.objects.filter(is_doit=True).first()
    made = []
    if doit is None:
        doit = Agency(name="Sở Công Thương", short_name=f"{BENCH_PREFIX}SCT", is_doit=True)
        made.append(doit)
    province = Agency(
        name="UBND tỉnh (thử tải)",
        short_name=f"{BENCH_PREFIX}UBND",
        kind=AgencyKind.PROVINCE_COMMITTEE,
    )
    made.append(province)
    kinds = [
        AgencyKind.DEPARTMENT,
        AgencyKind.COMMUNE_COMMITTEE,
        AgencyKind.BOARD,
        AgencyKind.MEDIA,
        AgencyKind.MASS_ORGANISATION,
    ]
    work = [
        Agency(
            name=f"Đơn vị thử tải số {i:03d}",
            short_name=f"{BENCH_PREFIX}{i:03d}",
            kind=kinds[i % len(kinds)],
        )
        for i in range(1, sizes.agencies - len(made) + 1)
    ]
    for a in [*made, *work]:
        a.normalized_name = normalize_name(a.name)
    Agency.objects.bulk_create([*made, *work])
    groups = {g.name: g for g in Group.objects.filter(name__in=Role.values)}
    users: list[tuple[User, list[str]]] = [
        (
            User(
                username=f"{USER_PREFIX}doit",
                first_name="Lan",
                last_name="Trần Thị",
                agency=doit,
                password=password_hash,
            ),
            [Role.DOIT_REVIEWER],
        ),
        (
            User(
                username=f"{USER_PREFIX}leader",
                first_name="Hùng",
                last_name="Đặng Quốc",
                agency=province,
                password=password_hash,
            ),
            [Role.LEADERSHIP],
        ),
    ]
    for i, agency in enumerate(work, start=1):
        users.append(
            (
                User(
                    username=f"{USER_PREFIX}staff_{i:03d}",
                    first_name=f"Cán bộ {i}",
                    last_name="Nguyễn",
                    agency=agency,
                    password=password_hash,
                ),
                [Role.AGENCY_STAFF],
            )
        )
        users.append(
            (
                User(
                    username=f"{USER_PREFIX}lead_{i:03d}",
                    first_name=f"Lãnh đạo {i}",
                    last_name="Phạm",
                    agency=agency,
                    password=password_hash,
                ),
                [Role.AGENCY_STAFF, Role.AGENCY_LEAD],
            )
        )
    User.objects.bulk_create([u for u, _ in users])
    through = User.groups.through
    through.objects.bulk_create(
        [through(user_id=u.pk, group_id=groups[r].pk) for u, roles in users for r in roles]
    )
    staff = {u.agency_id: u for u, roles in users if roles == [Role.AGENCY_STAFF]}
    leads = {u.agency_id: u for u, roles in users if Role.AGENCY_LEAD in roles}
    doit_user = users[0][0]
    return doit, province, work, staff, leads, doit_user


def seed(*, enterprises: int, seed: int = 2026, stdout=None) -> Result:
    """Write the whole synthetic dataset in one transaction. Returns the row counts."""
    rng = random.Random(seed)  # noqa: S311 -- synthetic data, reproducible on purpose
    sizes = Sizes.for_enterprises(enterprises)
    out = Result()
    today = timezone.localdate()
    years = list(range(today.year - sizes.years + 1, today.year + 1))

    def note(name, n):
        out.counts[name] = n
        if stdout is not None:
            stdout.write(f"  {name}: {n:,}".replace(",", "."))

    with transaction.atomic():
        password_hash = make_password(_bench_password())
        regime = _ensure_regime()
        vsic, localities, zones = _reference_data(rng, sizes)
        doit, province, agencies, staff, leads, doit_user = _agencies_and_users(
            sizes, password_hash
        )
        note("agencies", len(agencies) + 2)
        note("users", 2 + 2 * len(agencies))

        periods = _periods(regime, years)
        halves = [p for p in periods if p.kind != PeriodKind.YEAR]
        note("periods", len(periods))

        # --- directives and tasks -------------------------------------------------------------
        docs = [
            LegalDocument(
                kind=rng.choice(
                    [DocumentKind.CHI_THI, DocumentKind.KE_HOACH, DocumentKind.QUYET_DINH]
                ),
                number=f"{100 + i}/{years[0] - 1 + i % 5}/CT-UBND",
                title=f"Về việc đẩy mạnh sản xuất sạch hơn trong công nghiệp (thử tải {i + 1})",
                issuer="UBND tỉnh",
                signed_on=dt.date(years[0] - 1 + i % 5, 1 + i % 12, 1 + i % 27),
                reporting_frequency=ReportingFrequency.SEMIANNUAL,
                report_to=doit,
                original_text="Nội dung văn bản thử tải.",
            )
            for i in range(sizes.documents)
        ]
        LegalDocument.objects.bulk_create(docs)
        note("documents", len(docs))
        indicators = list(Indicator.objects.all())
        targets = [
            Target(
                document=docs[0],
                indicator=ind,
                milestone_year=year,
                value_min=Decimal(50 + 10 * k),
                unit=ind.unit,
            )
            for ind in indicators
            for k, year in enumerate((years[-1] - 1, years[-1] + 4))
        ]
        Target.objects.bulk_create(targets)

        categories = list(TaskCategory.values)
        recurrences = [Recurrence.ONCE, Recurrence.YEARLY, Recurrence.SEMIANNUAL]
        tasks = []
        per_doc = -(-sizes.tasks // len(docs))
        for i in range(sizes.tasks):
            doc = docs[i // per_doc]
            k = i % per_doc
            section, item = divmod(k, len(LETTERS))
            rec = recurrences[i % 3]
            tasks.append(
                Task(
                    document=doc,
                    ref=f"{section + 1}.{LETTERS[item]}",
                    section_title=f"Mục {section + 1}",
                    text=f"Tổ chức thực hiện nội dung {section + 1}.{LETTERS[item]} về sản xuất sạch hơn; "
                    "tuyên truyền, hướng dẫn cơ sở sản xuất công nghiệp áp dụng.",
                    lead_agency=agencies[i % len(agencies)],
                    category=categories[i % len(categories)],
                    recurrence=rec,
                    due_on=(
                        dt.date(rng.choice(years), rng.randint(1, 12), rng.randint(1, 28))
                        if rec == Recurrence.ONCE
                        else None
                    ),
                    order=k,
                )
            )
        _bulk(Task, tasks)
        through = Task.coordinating_agencies.through
        _bulk(
            through,
            (
                through(task_id=t.pk, agency_id=a.pk)
                for t in tasks
                for a in rng.sample(agencies, 2)
                if a.pk != t.lead_agency_id
            ),
        )
        note("tasks", len(tasks))

        # --- progress: every task, every half-year, by its lead agency's staff ----------------
        progress = []
        for t in tasks:
            pct = 0
            for p in halves:
                if p.starts_on > today:
                    continue
                pct = min(100, pct + rng.choice((0, 10, 15, 20, 25)))
                status = (
                    ProgressStatus.DONE
                    if pct == 100
                    else ProgressStatus.BLOCKED
                    if rng.random() < 0.05
                    else ProgressStatus.IN_PROGRESS
                    if pct
                    else ProgressStatus.NOT_STARTED
                )
                progress.append(
                    ProgressUpdate(
                        task=t,
                        agency_id=t.lead_agency_id,
                        period=p,
                        status=status,
                        percent=pct,
                        narrative=f"Đã triển khai {pct}% nội dung nhiệm vụ {t.ref} trong kỳ.",
                        author=staff[t.lead_agency_id],
                    )
                )
        _bulk(ProgressUpdate, progress)
        # created_at is auto_now_add: move each entry into its period, like real entries
        for p in halves:
            ProgressUpdate.objects.filter(period=p).update(
                created_at=timezone.make_aware(
                    dt.datetime.combine(min(p.ends_on, today) - dt.timedelta(days=3), dt.time(9))
                )
            )
        note("progress updates", len(progress))

        # --- enterprises ------------------------------------------------------------------------
        sizes_cycle = [
            SizeClass.MICRO,
            SizeClass.SMALL,
            SizeClass.SMALL,
            SizeClass.MEDIUM,
            SizeClass.LARGE,
        ]
        words = ["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]
        trades = [
            "Chế biến thủy sản",
            "Xay xát lúa gạo",
            "Dệt may",
            "Cơ khí",
            "Gạch ngói",
            "Nước mắm",
            "Thức ăn chăn nuôi",
            "In bao bì",
        ]
        ents = []
        for i, code in enumerate(tax_codes(TAX_PREFIX_SEED, sizes.enterprises)):
            name = f"{words[i % 4]} {trades[i % len(trades)]} Thử Tải {i + 1}"
            ents.append(
                Enterprise(
                    tax_code=code,
                    name=name,
                    search_text=normalize_name(f"{name} {code}"),
                    vsic=vsic[i % len(vsic)],
                    address=f"Số {i % 300 + 1}, đường Thử tải",
                    locality=localities[i % len(localities)],
                    zone=zones[i % len(zones)] if i % 4 == 0 else None,
                    employees=rng.randint(3, 1500),
                    revenue_million_vnd=Decimal(rng.randint(100, 900_000)),
                    capital_million_vnd=Decimal(rng.randint(100, 500_000)),
                    size_class=sizes_cycle[i % 5],
                    has_sxsh_potential=rng.random() < 0.7,
                    high_pollution_risk=rng.random() < 0.15,
                    iso14001=rng.random() < 0.1,
                    contact_name="Nguyễn Văn An",
                    contact_phone="0296 3852 000",
                )
            )
        _bulk(Enterprise, ents)
        note("enterprises", len(ents))

        # --- activities reaching enterprises -----------------------------------------------------
        tasks_by_agency: dict[int, list[Task]] = {}
        for t in tasks:
            tasks_by_agency.setdefault(t.lead_agency_id, []).append(t)
        kinds = list(ActivityKind.values)
        funds = list(FundingSource.values)
        start = dt.date(years[0] - 1, 12, 15)
        span = (today - start).days
        acts = []
        for i in range(sizes.activities):
            agency = agencies[i % len(agencies)]
            kind = kinds[i % len(kinds)]
            acts.append(
                Activity(
                    agency=agency,
                    task=rng.choice(tasks_by_agency[agency.pk])
                    if agency.pk in tasks_by_agency
                    else None,
                    kind=kind,
                    title=f"{ActivityKind(kind).label} về sản xuất sạch hơn số {i + 1}",
                    held_on=start + dt.timedelta(days=rng.randrange(span)),
                    location="Hội trường thử tải",
                    quantity=rng.randint(1, 20),
                    participants=rng.randint(0, 200),
                    cost_vnd=Decimal(rng.randint(0, 200) * 1_000_000),
                    funding_source=funds[i % len(funds)],
                    author=staff[agency.pk],
                )
            )
        _bulk(Activity, acts)
        through = Activity.enterprises.through
        reached = ents[: int(len(ents) * 0.6)]
        _bulk(
            through,
            (
                through(activity_id=a.pk, enterprise_id=e.pk)
                for a in acts
                for e in rng.sample(reached, min(len(reached), rng.randint(0, 12)))
            ),
        )
        note("activities", len(acts))
        note("activity participations", through.objects.count())

        # --- assessments and options ---------------------------------------------------------
        assessed = rng.sample(ents, min(len(ents), sizes.assessments))
        assessments = [
            Assessment(
                enterprise=e,
                assessed_on=start + dt.timedelta(days=rng.randrange(span)),
                kind=rng.choice(AssessmentKind.values),
                status=AssessmentStatus.COMPLETED
                if rng.random() < 0.9
                else AssessmentStatus.IN_PROGRESS,
                consultant="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
                supporting_agency=doit,
                baseline_energy_kwh=Decimal(rng.randint(50, 900)),
                baseline_water_m3=Decimal(rng.randint(5, 90)),
                baseline_material_t=Decimal("1.2"),
            )
            for e in assessed
        ]
        _bulk(Assessment, assessments)
        cats = list(OptionCategory.values)
        options = []
        for a in assessments:
            for _ in range(rng.randint(1, 4)):
                status = rng.choices(
                    [OptionStatus.IMPLEMENTED, OptionStatus.PROPOSED, OptionStatus.REJECTED],
                    weights=[5, 4, 1],
                )[0]
                options.append(
                    Option(
                        assessment=a,
                        category=rng.choice(cats),
                        description="Giải pháp sản xuất sạch hơn thử tải",
                        status=status,
                        implemented_on=(
                            a.assessed_on + dt.timedelta(days=rng.randint(10, 200))
                            if status == OptionStatus.IMPLEMENTED
                            else None
                        ),
                        investment_vnd=Decimal(rng.randint(0, 500) * 1_000_000),
                        annual_saving_vnd=Decimal(rng.randint(0, 300) * 1_000_000),
                        energy_saving_kwh=a.baseline_energy_kwh * Decimal(rng.randint(3, 14)) / 100,
                        water_saving_m3=a.baseline_water_m3 * Decimal(rng.randint(3, 14)) / 100,
                        material_saving_t=Decimal("0.05"),
                        co2_reduction_t=Decimal(rng.randint(1, 500)),
                        wastewater_reduction_m3=Decimal(rng.randint(10, 5000)),
                        solid_waste_reduction_t=Decimal(rng.randint(1, 50)),
                    )
                )
        _bulk(Option, options)
        note("assessments", len(assessments))
        note("options", len(options))

        # --- SXSH officers and their trainings ---------------------------------------------------
        officers = [
            SxshOfficer(
                agency=agency,
                locality=localities[j % len(localities)].name,
                full_name=f"Cán bộ SXSH {j + 1}",
                position="Chuyên viên",
                since=dt.date(years[0], 1, 1),
            )
            for j, agency in enumerate(agencies * 2)
        ]
        _bulk(SxshOfficer, officers)
        trainings = [a for a in acts if a.kind == ActivityKind.TRAINING]
        through = SxshOfficer.trainings.through
        _bulk(
            through,
            (
                through(sxshofficer_id=o.pk, activity_id=t.pk)
                for o in officers
                if rng.random() < 0.7
                for t in rng.sample(trainings, min(2, len(trainings)))
            ),
        )
        note("SXSH officers", len(officers))

        # --- agency reports in every state, with their transitions -------------------------------
        reports, flows = [], []
        for p in periods:
            if p.starts_on > today:
                continue
            closed = p.due_on < today
            for agency in agencies:
                r = rng.random()
                if closed:
                    status = (
                        None
                        if r < 0.05
                        else ReportStatus.ACCEPTED
                        if r < 0.85
                        else ReportStatus.RETURNED
                        if r < 0.9
                        else ReportStatus.SUBMITTED
                    )
                else:
                    status = (
                        None
                        if r < 0.2
                        else ReportStatus.DRAFT
                        if r < 0.5
                        else ReportStatus.SUBMITTED
                        if r < 0.75
                        else ReportStatus.RETURNED
                        if r < 0.85
                        else ReportStatus.ACCEPTED
                    )
                if status is None:
                    continue  # missing: the agency never reported
                late = rng.random() < 0.15
                submitted = timezone.make_aware(
                    dt.datetime.combine(
                        p.due_on
                        + dt.timedelta(days=rng.randint(1, 20) if late else -rng.randint(0, 4)),
                        dt.time(10),
                    )
                )
                lead = leads[agency.pk]
                rep = AgencyReport(
                    agency=agency,
                    period=p,
                    status=status,
                    figures={"tasks_done": rng.randint(0, 20), "trainings": rng.randint(0, 5)},
                    results=f"Kết quả thực hiện kỳ {p.key} của {agency.name}.",
                    difficulties="Kinh phí còn hạn chế.",
                    proposals="Đề nghị Sở Công Thương hỗ trợ tập huấn.",
                )
                steps = []
                if status != ReportStatus.DRAFT:
                    rep.submitted_at = rep.first_submitted_at = submitted
                    rep.submitted_by = lead
                    steps.append((ReportStatus.DRAFT, ReportStatus.SUBMITTED, lead, submitted, ""))
                if status == ReportStatus.RETURNED:
                    steps.append(
                        (
                            ReportStatus.SUBMITTED,
                            ReportStatus.RETURNED,
                            doit_user,
                            submitted + dt.timedelta(days=2),
                            "Đề nghị bổ sung số liệu tập huấn.",
                        )
                    )
                if status == ReportStatus.ACCEPTED:
                    rep.accepted_at = submitted + dt.timedelta(days=3)
                    rep.accepted_by = doit_user
                    steps.append(
                        (
                            ReportStatus.SUBMITTED,
                            ReportStatus.ACCEPTED,
                            doit_user,
                            rep.accepted_at,
                            "",
                        )
                    )
                reports.append(rep)
                flows.append(steps)
        _bulk(AgencyReport, reports)
        _bulk(
            ReportTransition,
            (
                ReportTransition(report=rep, from_status=a, to_status=b, actor=u, comment=c)
                for rep, steps in zip(reports, flows, strict=True)
                for a, b, u, _at, c in steps
            ),
        )
        note("agency reports", len(reports))
        note("report transitions", ReportTransition.objects.count())

        for p in periods:
            if p.kind == PeriodKind.YEAR and p.due_on < today:
                ConsolidatedReport.objects.get_or_create(
                    period=p,
                    defaults={
                        "number": f"{p.year % 100 + 100}/BC-SCT",
                        "summary": "Tình hình thực hiện chương trình sản xuất sạch hơn (thử tải).",
                        "signer_name": "Nguyễn Văn Bình",
                    },
                )
        manual = [i for i in indicators if i.computation == "manual"]
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator=i, period=p, value=Decimal(rng.randint(10, 90)), entered_by=doit_user
                )
                for i in manual
                for p in periods
                if p.kind == PeriodKind.YEAR and p.starts_on <= today
            ],
            ignore_conflicts=True,
        )
        from bench.synthetic_plans import seed_plan

        planned = seed_plan(year=today.year, doit_user=doit_user, staff=staff, rng=rng)
        note("plan items", planned["items"])
        note("plan-linked activities", planned["links"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return out


def _bench_password() -> str:
    from django.conf import settings

    return settings.DEMO_PASSWORD


def has_data() -> bool:
    return Enterprise.objects.exists() or Task.objects.exists() or AgencyReport.objects.exists()


def reset() -> None:
    """Empty the operational tables (reference data — VSIC, localities, regimes, indicators — stays).

    Meant for a dedicated benchmark database. Raw deletes in dependency order: the Python-side
    cascade of ``QuerySet.delete()`` would fetch every row first.
    """
    from plans.models import (
        ActivityPlanLink,
        Plan,
        PlanBudgetLine,
        PlanDeliverable,
        PlanItem,
        PlanTransition,
        PlanVersion,
        ProgressPlanLink,
    )

    ordered = [
        # the plan of the year (bench.synthetic_plans), linked to activities and tasks
        PlanTransition,
        ActivityPlanLink,
        ProgressPlanLink,
        PlanDeliverable,
        PlanBudgetLine,
        PlanItem.coordinating_agencies.through,
        PlanItem,
        PlanVersion,
        Plan,
        ReportTransition,
        AgencyReport,
        ConsolidatedReport,
        IndicatorValue,
        Evidence,
        ProgressUpdate,
        SxshOfficer.trainings.through,
        SxshOfficer,
        Activity.enterprises.through,
        Activity,
        Option,
        Assessment,
        Enterprise,
        Task.coordinating_agencies.through,
        Task,
        Target,
        LegalDocument.legal_basis.through,
        ReportingPeriod,
    ]
    with transaction.atomic():
        for model in ordered:
            qs = model.objects.all()
            qs._raw_delete(qs.db)
        ReportingRegime.objects.update(document=None)
        qs = LegalDocument.objects.all()
        qs._raw_delete(qs.db)
        bench_users = User.objects.filter(username__startswith=USER_PREFIX)
        # history rows written while the benchmark ran (logins, imports) point at bench users
        ids = list(bench_users.values_list("pk", flat=True))
        from django.apps import apps

        for model in apps.get_models():
            if any(f.name == "history_user" for f in model._meta.fields):
                qs = model._default_manager.filter(history_user_id__in=ids)
                qs._raw_delete(qs.db)
        qs = User.groups.through.objects.filter(user__in=bench_users)
        qs._raw_delete(qs.db)
        bench_users._raw_delete(bench_users.db)
        qs = AgencyAlias.objects.filter(agency__short_name__startswith=BENCH_PREFIX)
        qs._raw_delete(qs.db)
        qs = Agency.objects.filter(short_name__startswith=BENCH_PREFIX)
        qs._raw_delete(qs.db)
