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


def _po_entries(path):
    """flags, context, msgid, msgid_plural and msgstr of each entry of a .po file (no header)."""
    import ast

    entries, current, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current and current["msgid"]:
                entries.append(current)
            current, field = None, None
            continue
        if current is None:
            current = {"flags": "", "context": "", "msgid": "", "plural": "", "msgstr": {}}
        if line.startswith("#,"):
            current["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field = "context"
            current["context"] = ast.literal_eval(line[8:])
        elif line.startswith("msgid_plural "):
            field = "plural"
            current["plural"] = ast.literal_eval(line[13:])
        elif line.startswith("msgid "):
            field = "msgid"
            current["msgid"] = ast.literal_eval(line[6:])
        elif line.startswith("msgstr"):
            key, value = line.split(" ", 1)
            field = ("msgstr", key)
            current["msgstr"][key] = ast.literal_eval(value)
        elif line.startswith('"'):
            if isinstance(field, tuple):
                current["msgstr"][field[1]] += ast.literal_eval(line)
            else:
                current[field] += ast.literal_eval(line)
    return entries


def test_the_english_catalogue_is_complete_and_compiled():
    """Every message translated, none fuzzy, and the committed .mo says what the .po says."""
    import gettext

    from django.conf import settings

    folder = settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    assert len(entries) > 1000
    with open(folder / "django.mo", "rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for e in entries:
        assert "fuzzy" not in e["flags"], e["msgid"]
        assert all(e["msgstr"].values()), f"untranslated: {e['msgid']}"
        # the .mo keys a message with a context as "context\x04msgid"
        msgid = f"{e['context']}\x04{e['msgid']}" if e["context"] else e["msgid"]
        if e["plural"]:
            assert compiled.ngettext(msgid, e["plural"], 1) == e["msgstr"]["msgstr[0]"], msgid
            assert compiled.ngettext(msgid, e["plural"], 2) == e["msgstr"]["msgstr[1]"], msgid
        else:
            assert compiled.gettext(msgid) == e["msgstr"]["msgstr"], msgid
