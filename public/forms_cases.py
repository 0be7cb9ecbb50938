"""DOIT's forms for case studies: the story and its options, the consent, the cover image."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.templatetags.portal import num


class CaseStudyForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300)
    summary = forms.CharField(
        label=_("Tóm tắt"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Một hai câu, hiện trong danh sách và khi chia sẻ liên kết."),
    )
    problem = forms.CharField(
        label=_("Vấn đề trước khi áp dụng"), widget=forms.Textarea(attrs={"rows": 4})
    )
    story = forms.CharField(
        label=_("Câu chuyện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Cho phép đoạn văn, tiêu đề phụ, danh sách, chữ đậm/nghiêng, liên kết và bảng "
            "(thẻ HTML <p>, <h3>, <ul>, <strong>, <a>, <table>…); mọi thứ khác bị lọc bỏ khi lưu."
        ),
    )
    options = forms.ModelMultipleChoiceField(
        label=_("Giải pháp đã thực hiện được trình bày"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Số liệu đầu tư, lợi ích, thời gian hoàn vốn và tiết kiệm tính từ các giải pháp này."
        ),
    )

    def __init__(self, *args, options_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["options"]
        field.queryset = options_queryset
        field.label_from_instance = lambda o: (
            f"{o.get_category_display()} — {o.description[:90]} "
            f"({o.implemented_on:%m/%Y}; {num(o.investment_vnd)} đ)"
        )


class ConsentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Người đại diện đồng ý"), max_length=300, help_text=_("Họ tên, chức vụ.")
    )
    given_on = forms.DateField(
        label=_("Ngày đồng ý"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    document = forms.FileField(
        label=_("Văn bản đồng ý (PDF hoặc ảnh chụp)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("given_on", timezone.localdate())


class CoverForm(forms.Form):
    image = forms.FileField(
        label=_("Ảnh bìa (JPEG hoặc PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
    )
    alt = forms.CharField(
        label=_("Mô tả ảnh"),
        max_length=300,
        help_text=_("Cho người dùng trình đọc màn hình, ví dụ “Hệ thống thu hồi nhiệt lò hơi”."),
    )
