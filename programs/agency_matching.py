"""Match agency names as a directive writes them to the agencies the portal knows.

Accent- and case-insensitive (``config.text.normalize_name``), through the admin-editable
``AgencyAlias`` list, and by the longest known name a written name starts with ("Đài Phát thanh và
Truyền hình Long An" → "Đài Phát thanh và Truyền hình"). Unknown names are proposed as new
agencies with a kind guessed from the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accounts.choices import AgencyKind
from accounts.models import Agency, AgencyAlias
from config.text import normalize_name


def match_key(name: str) -> str:
    """``normalize_name`` without the punctuation documents vary on ("–" vs "-", "&", commas)."""
    key = normalize_name(name)
    key = re.sub(r"[-,/]", " ", key)
    key = re.sub(r"\bva\b", " va ", key)
    return re.sub(r"\s+", " ", key).strip()


_KIND_RULES = [
    (r"^(uy ban nhan dan|ubnd)( cac)? (xa|phuong|thi tran)\b", AgencyKind.COMMUNE_COMMITTEE),
    (
        r"^(uy ban nhan dan|ubnd|chu tich (uy ban nhan dan|ubnd))( cac)? (huyen|thanh pho|thi xa|quan)\b",
        AgencyKind.DISTRICT_COMMITTEE,
    ),
    (r"^(uy ban nhan dan|ubnd) tinh\b", AgencyKind.PROVINCE_COMMITTEE),
    (r"^(cong an|canh sat)\b", AgencyKind.POLICE),
    (r"^(dai|bao|tap chi|truyen hinh)\b", AgencyKind.MEDIA),
    (r"^hiep hoi\b", AgencyKind.ASSOCIATION),
    (
        r"^(uy ban )?mat tran|^(hoi|lien minh|lien doan|tinh doan|doan|thanh doan)\b",
        AgencyKind.MASS_ORGANISATION,
    ),
    (r"^ban quan ly\b", AgencyKind.BOARD),
    (r"^(bo|tong cuc|cuc)\b", AgencyKind.MINISTRY),
    (r"^(cac )?so\b", AgencyKind.DEPARTMENT),
]


def guess_agency_kind(name: str) -> str:
    key = match_key(name)
    for pattern, kind in _KIND_RULES:
        if re.search(pattern, key):
            return kind
    return AgencyKind.OTHER


@dataclass
class AgencyMatch:
    """What a written name resolves to.

    ``agency`` is the agency the name denotes (possibly one dissolved in the 2025
    reorganisation); ``assigned`` is the one that takes the tasks — see ``AgencyMatcher``.
    """

    written: str
    agency: Agency | None
    via: str  # "name" | "alias" | "prefix" | "" (new)
    proposed_kind: str

    @property
    def is_new(self) -> bool:
        return self.agency is None

    @property
    def assigned(self) -> Agency | None:
        if self.agency is None:
            return None
        if self.agency.successor_id and not self.agency.is_active:
            return self.agency.current()
        return self.agency


class AgencyMatcher:
    """Loads every agency and alias once (a few hundred rows) and matches names in memory.

    Decision on dissolved agencies: a name of an agency that no longer exists (e.g. "Sở Tài
    nguyên và Môi trường", merged on 1/7/2025) still matches that agency, so the preview shows
    what the document said; but its tasks are **assigned to the successor** (``Agency.current()``)
    because nobody works in the old agency any more and an open task must reach people who can
    act on it. The written name stays on the task in ``section_title`` and in the document's
    original text, and the successor is shown next to the old name in the preview.
    """

    def __init__(self):
        self.agencies = {a.pk: a for a in Agency.objects.select_related("successor")}
        self.by_name: dict[str, Agency] = {}
        for agency in self.agencies.values():
            self.by_name.setdefault(match_key(agency.name), agency)
            if agency.short_name:
                self.by_name.setdefault(match_key(agency.short_name), agency)
        self.by_alias: dict[str, Agency] = {}
        for alias in AgencyAlias.objects.only("alias", "agency_id"):
            agency = self.agencies.get(alias.agency_id)
            if agency:
                self.by_alias.setdefault(match_key(alias.alias), agency)

    def match(self, written: str) -> AgencyMatch:
        key = match_key(written)
        kind = guess_agency_kind(written)
        if key in self.by_name:
            return AgencyMatch(written, self.by_name[key], "name", kind)
        if key in self.by_alias:
            return AgencyMatch(written, self.by_alias[key], "alias", kind)
        # "… tỉnh Long An", "… tỉnh": a known name followed by the place
        best, best_len = None, 0
        for table in (self.by_name, self.by_alias):
            for known, agency in table.items():
                if (
                    known.count(" ") >= 1
                    and key.startswith(known + " ")
                    and re.match(r"^(tinh|thanh pho|tp)?\s*[a-z ]{0,30}$", key[len(known) + 1 :])
                    and len(known) > best_len
                ):
                    best, best_len = agency, len(known)
        if best is not None:
            return AgencyMatch(written, best, "prefix", kind)
        return AgencyMatch(written, None, "", kind)
