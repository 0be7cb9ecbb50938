"""factory_boy factories for the domain models. Reference data lives in fixtures/, not here."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.models import Group

from accounts.choices import AgencyKind
from accounts.models import Agency, User
from programs.choices import DocumentKind, ReportingFrequency
from programs.models import LegalDocument, ReportingRegime


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Sở Thử nghiệm số {n}")
    short_name = factory.Sequence(lambda n: f"STN{n}")
    kind = AgencyKind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Văn A"
    last_name = "Nguyễn"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-thu-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        # saved here, after set_password, because skip_postgeneration_save is on
        self.save()
        if extracted:
            self.groups.add(*[Group.objects.get(name=name) for name in extracted])


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    kind = DocumentKind.CHI_THI
    number = factory.Sequence(lambda n: f"{n}/2024/CT-UBND")
    title = "Về việc đẩy mạnh áp dụng sản xuất sạch hơn trong công nghiệp"
    issuer = "UBND tỉnh An Giang"
    signed_on = dt.date(2024, 3, 1)
    reporting_frequency = ReportingFrequency.SEMIANNUAL


class ReportingRegimeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRegime
        django_get_or_create = ("code",)

    code = "nd09-2019"
    name = "Báo cáo định kỳ theo Nghị định 09/2019/NĐ-CP"
    frequency = ReportingFrequency.SEMIANNUAL
