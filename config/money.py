"""Money in whole đồng (VND): one formatter for pages, PDFs, Word files and spreadsheets."""

from __future__ import annotations


def group_dong(amount: int | None) -> str:
    """``1234567`` → ``"1.234.567"`` (dot thousands, as Vietnamese documents write them)."""
    if amount is None:
        return "—"
    value = int(amount)
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_vnd(amount: int | None) -> str:
    """``1234567`` → ``"1.234.567 đồng"``; None → ``"—"``."""
    if amount is None:
        return "—"
    return f"{group_dong(amount)} đồng"
