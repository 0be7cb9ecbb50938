"""Factories for public events, their registrations and case studies."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from assignments.models import EventRegistration, PublicEvent
from enterprises.models import CaseStudy
from tests.factories import ActivityFactory, EnterpriseFactory, UserFactory, valid_tax_code


class PublicEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicEvent

    activity = factory.SubFactory(
        ActivityFactory,
        held_on=factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(30)),
    )
    is_public = True
    title = factory.LazyAttribute(lambda o: o.activity.title)
    summary = "Giới thiệu sản xuất sạch hơn cho doanh nghiệp chế biến thực phẩm."
    place = "Hội trường Sở Công Thương"
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.activity.held_on, dt.time(8)))
    )
    registration_open = True
    created_by = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)


class EventRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(PublicEventFactory)
    enterprise_name = factory.Sequence(lambda n: f"Công ty TNHH Đăng Ký Số {n}")
    tax_code = factory.LazyFunction(valid_tax_code)
    contact_name = "Nguyễn Văn Bình"
    email = factory.Sequence(lambda n: f"lienhe{n}@doanhnghiep.example")
    phone = "0909 123 456"


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    enterprise = factory.SubFactory(EnterpriseFactory)
    title = factory.Sequence(lambda n: f"Tiết kiệm nước trong chế biến thủy sản (mô hình {n})")
    summary = "Giảm 20 % lượng nước và hoàn vốn trong hai năm."
    problem = "Lượng nước dùng cho mỗi tấn sản phẩm cao gấp đôi mức của ngành."
    story = "<p>Công ty bắt đầu từ việc đo nước từng khu vực.</p>"
    created_by = factory.SubFactory(UserFactory)
