"""The English catalogue. Counted phrases use plural forms: English says "1 facility" but
"20 facilities", while Vietnamese, which has one form, reads the same either way."""

from django.template.loader import render_to_string
from django.utils import translation


def _rows(total):
    return render_to_string(
        "reports/dashboard_enterprise_rows.html",
        {"rows": [{"id": None, "name": "Xã Mỹ Hòa", "total": total}], "by": "locality"},
    )


def test_counted_facilities_in_english_and_vietnamese():
    with translation.override("en"):
        assert "1 facility<" in _rows(1)
        assert "20 facilities<" in _rows(20)
    with translation.override("vi"):
        assert "1 cơ sở<" in _rows(1)
        assert "20 cơ sở<" in _rows(20)


def test_the_english_catalogue_has_both_forms_of_the_indicator_note():
    """reports.indicators notes "bình quân của N cơ sở" under each saving figure (ngettext)."""
    from django.utils.translation import ngettext

    with translation.override("en"):
        one = ngettext("bình quân của %(n)s cơ sở", "bình quân của %(n)s cơ sở", 1) % {"n": 1}
        many = ngettext("bình quân của %(n)s cơ sở", "bình quân của %(n)s cơ sở", 7) % {"n": 7}
    assert (one, many) == ("average of 1 facility", "average of 7 facilities")


def test_the_english_catalogue_is_complete_and_compiled():
    """Every message translated once, none fuzzy, and the committed .mo says what the .po says."""
    import gettext

    import polib
    from django.conf import settings

    folder = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
    catalogue = polib.pofile(str(folder / "django.po"))
    entries = [e for e in catalogue if not e.obsolete]
    assert len(entries) > 1000
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    keys = [(e.msgctxt, e.msgid) for e in entries]
    assert len(set(keys)) == len(keys), "a message appears twice"
    with open(folder / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for e in entries:
        # the .mo keys a message with a context as "context\x04msgid"
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid
        if e.msgid_plural:
            assert compiled.ngettext(msgid, e.msgid_plural, 1) == e.msgstr_plural[0], msgid
            assert compiled.ngettext(msgid, e.msgid_plural, 2) == e.msgstr_plural[1], msgid
        else:
            assert compiled.gettext(msgid) == e.msgstr, msgid
