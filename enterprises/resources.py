"""django-import-export resource for the registry: the admin import/export and the list exports.

The import runs the same validation as ``enterprises.importing.validation`` (header aliases, tax-code check
digit, VSIC/locality/zone lookups, duplicates within the file) in ``before_import``; every bad row
becomes a validation error and the admin, like the page, writes nothing unless every row is good.

``SafeXLSX`` and ``SafeCSV`` are the file formats of the admin and of the list export: XLSX read
through the importer's guarded reader and written through ``config.spreadsheets.safe_cell``
(text cells, never formulas); CSV with the apostrophe guard on text that starts like a formula.
"""

from __future__ import annotations

import io

import tablib
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.styles import Font

from config.spreadsheets import append_row, neutralise_formula
from enterprises.choices import Stage
from enterprises.importing.columns import COLUMN_BY_KEY, COLUMNS, FK_FIELDS, column_key
from enterprises.importing.reading import FileRejected, inspect_upload, xlsx_rows
from enterprises.importing.validation import RowError, validate_rows
from enterprises.models import Enterprise, IndustrialZone, Locality, VsicCode
from enterprises.services import enterprise_refresh_derived


class _FKByPk(widgets.ForeignKeyWidget):
    """Imports by primary key (the validated value), exports a readable label."""

    def __init__(self, model, label_attr):
        super().__init__(model, field="pk")
        self.label_attr = label_attr

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return str(getattr(value, self.label_attr))


class _YesNo(widgets.BooleanWidget):
    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return _("Có") if value else _("Không")


def _field(key: str, widget=None) -> fields.Field:
    return fields.Field(
        attribute=key, column_name=COLUMN_BY_KEY[key].header, widget=widget or widgets.Widget()
    )


SECTION_COLUMN = "__section__"
ERRORS_COLUMN = "__errors__"


class EnterpriseResource(resources.ModelResource):
    tax_code = _field("tax_code", widgets.CharWidget())
    name = _field("name", widgets.CharWidget())
    vsic = _field("vsic", _FKByPk(VsicCode, "code"))
    address = _field("address", widgets.CharWidget())
    locality = _field("locality", _FKByPk(Locality, "name"))
    zone = _field("zone", _FKByPk(IndustrialZone, "name"))
    employees = _field("employees", widgets.IntegerWidget())
    revenue_million_vnd = _field("revenue_million_vnd", widgets.DecimalWidget())
    capital_million_vnd = _field("capital_million_vnd", widgets.DecimalWidget())
    has_sxsh_potential = _field("has_sxsh_potential", _YesNo())
    high_pollution_risk = _field("high_pollution_risk", _YesNo())
    iso14001 = _field("iso14001", _YesNo())
    contact_name = _field("contact_name", widgets.CharWidget())
    contact_phone = _field("contact_phone", widgets.CharWidget())
    contact_email = _field("contact_email", widgets.CharWidget())
    size_class = fields.Field(
        attribute="get_size_class_display", column_name="Quy mô", readonly=True
    )

    class Meta:
        model = Enterprise
        import_id_fields = ["tax_code"]
        fields = [c.key for c in COLUMNS] + ["size_class"]
        export_order = fields
        use_transactions = True
        skip_html_diff = True

    def __init__(self, *, row_numbers: list[int] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.row_numbers = row_numbers
        self.row_errors: list[RowError] = []
        self.file_error = ""

    # --- import -----------------------------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        """Validate the whole file at once and replace it with clean, canonical rows."""
        keys = [column_key(h) for h in dataset.headers or []]
        if "tax_code" not in keys:
            self.file_error = _(
                "Không tìm thấy dòng tiêu đề: cần ít nhất cột “Mã số thuế” và “Tên cơ sở”."
            )
            raise ValueError(self.file_error)
        numbers = self.row_numbers or list(range(2, len(dataset) + 2))
        try:
            parsed, errors, lookups = validate_rows(keys, zip(numbers, dataset, strict=False))
        except FileRejected as exc:
            self.file_error = str(exc)
            raise ValueError(self.file_error) from None
        self.row_errors = errors
        by_row = {p.row: p for p in parsed}
        errors_by_row: dict[int, list[str]] = {}
        for error in errors:
            errors_by_row.setdefault(error.row, []).append(str(error))
        out_fields = [f for f in self.get_import_fields() if not f.readonly]
        headers = [f.column_name for f in out_fields] + [SECTION_COLUMN, ERRORS_COLUMN]
        canonical = []
        for number in sorted(set(by_row) | set(errors_by_row)):
            row = by_row.get(number)
            if row is None:
                canonical.append(
                    [None] * len(out_fields) + [None, "\n".join(errors_by_row[number])]
                )
                continue
            existing = lookups.existing.get(row.tax_code)
            values = []
            for f in out_fields:
                key = f.attribute
                if key in row.values:
                    values.append(row.values[key])
                elif existing is not None:
                    # an empty cell keeps what the registry has (same rule as the fast path)
                    values.append(getattr(existing, FK_FIELDS.get(key, key)))
                else:
                    values.append(None)
            canonical.append(values + [row.section, ""])
        dataset.wipe()
        dataset.headers = headers
        for values in canonical:
            dataset.append(values)

    def before_import_row(self, row, **kwargs):
        if row.get(ERRORS_COLUMN):
            raise ValidationError(row[ERRORS_COLUMN])

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        value = row.get(field.column_name)
        if field.attribute in ("name", "address", "contact_name", "contact_phone", "contact_email"):
            setattr(instance, field.attribute, value or "")
            return
        if field.attribute in ("has_sxsh_potential", "high_pollution_risk", "iso14001"):
            setattr(instance, field.attribute, bool(value))
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def before_save_instance(self, instance, row, **kwargs):
        enterprise_refresh_derived(instance, section=row.get(SECTION_COLUMN) or "")
        instance._history_user = kwargs.get("user")


class EnterpriseExportResource(EnterpriseResource):
    """The list export: the import columns plus what the registry derives."""

    sector = fields.Field(column_name="Ngành (VSIC cấp 1)")
    stage = fields.Field(column_name="Giai đoạn SXSH")

    class Meta(EnterpriseResource.Meta):
        fields = [c.key for c in COLUMNS] + ["size_class", "sector", "stage"]
        export_order = fields

    def dehydrate_sector(self, obj):
        return obj.vsic.section if obj.vsic_id else ""

    def dehydrate_stage(self, obj):
        stage = getattr(obj, "stage", None)
        return str(Stage(stage).label) if stage else ""


class SafeXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        """The first sheet, first row as headers — after the archive guard, formulas marked."""
        try:
            upload = inspect_upload(in_stream)
        except FileRejected as exc:
            raise ValueError(str(exc)) from None
        rows = xlsx_rows(upload.data)
        dataset = tablib.Dataset()
        dataset.headers = list(next(rows, ()))
        for row in rows:
            dataset.append((tuple(row) + (None,) * len(dataset.headers))[: len(dataset.headers)])
        return dataset

    def export_data(self, dataset, **kwargs):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = (dataset.title or "Danh sách cơ sở")[:31]
        append_row(sheet, dataset.headers or [])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in dataset:
            append_row(sheet, row)
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


class SafeCSV(base_formats.CSV):
    def export_data(self, dataset, **kwargs):
        guarded = tablib.Dataset(headers=dataset.headers)
        for row in dataset:
            guarded.append([neutralise_formula(value) for value in row])
        return super().export_data(guarded, **kwargs)
