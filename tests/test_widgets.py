from django import forms
from django.test import SimpleTestCase

from accounts.widgets import FastSelect

CHOICES = [
    ("", "Tất cả"),
    ("1", "Xã <Bình> Hòa"),
    ("2", "Phường Long Xuyên"),
    ("Nhóm", [("3", "A & B")]),
]


class FastSelectTests(SimpleTestCase):
    def test_renders_the_same_html_as_djangos_select(self):
        for value in (None, "", "2", "3"):
            attrs = {
                "id": "id_locality",
                "data-autosubmit": True,
                "disabled": False,
                "required": True,
            }
            expected = forms.Select(choices=CHOICES).render("locality", value, attrs)
            actual = FastSelect(choices=CHOICES).render("locality", value, attrs)
            self.assertHTMLEqual(actual, expected)

    def test_escapes_labels(self):
        html = FastSelect(choices=CHOICES).render("x", None)
        assert "Xã &lt;Bình&gt; Hòa" in html and "A &amp; B" in html

    def test_same_html_for_multiple_choices_and_model_choices(self):
        multiple = [("1", "Một"), ("2", "Hai"), ("Nhóm", [("2", "Hai lần"), ("3", "Ba")])]
        for value in (None, [], ["2"], ["1", "3"]):
            expected = forms.SelectMultiple(choices=multiple).render("m", value, {"id": "m"})
            fast = FastSelect(choices=multiple)
            fast.allow_multiple_selected = True
            self.assertHTMLEqual(fast.render("m", value, {"id": "m"}), expected)
        # a repeated value: only the first option is selected, as in Django's Select
        for value in ("2", 2):
            expected = forms.Select(choices=multiple).render("s", value)
            self.assertHTMLEqual(FastSelect(choices=multiple).render("s", value), expected)
