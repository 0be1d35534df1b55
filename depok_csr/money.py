"""Rupiah shown the Indonesian way: `Rp 1.500.000` (dots group thousands, no decimals)."""

EMPTY = "–"


def format_rupiah(value) -> str:
    """Whole rupiah as `Rp 1.500.000`; a negative amount as `-Rp 250.000`; nothing as a dash."""
    if value is None or value == "":
        return EMPTY
    amount = int(value)
    grouped = f"{abs(amount):,}".replace(",", ".")
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {grouped}"
