"""Forms of enterprise accounts: the public access request and DOIT's invitation."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.rules import normalize_tax_code


class AccessRequestForm(forms.Form):
    tax_code = forms.CharField(
        label=_("Mã số thuế doanh nghiệp"),
        max_length=20,
        help_text=_("10 chữ số, như trên Giấy chứng nhận đăng ký doanh nghiệp."),
    )
    company_name = forms.CharField(label=_("Tên doanh nghiệp"), max_length=500)
    contact_name = forms.CharField(label=_("Họ và tên người đề nghị"), max_length=200)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"), help_text=_("Lời mời kích hoạt tài khoản sẽ gửi về địa chỉ này.")
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    #: a field people never see (hidden by CSS, skipped by screen readers and the keyboard);
    #: a bot that fills every field fills it and its request is dropped in silence
    website = forms.CharField(label=_("Trang web"), required=False)

    def clean_tax_code(self):
        return normalize_tax_code(self.cleaned_data["tax_code"])

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class InviteForm(forms.Form):
    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20)
    full_name = forms.CharField(label=_("Họ và tên người liên hệ"), max_length=200)
    email = forms.EmailField(label=_("Thư điện tử"))

    def clean_tax_code(self):
        return normalize_tax_code(self.cleaned_data["tax_code"])


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
