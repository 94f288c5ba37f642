"""Formula-safe spreadsheet cells: what every export writes and every import reads back (CSV/formula injection)."""

# A cell starting with one of these is run as a formula by Excel/WPS (CSV/formula injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Neutralise spreadsheet formula injection: text starting with = + - @ is prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def undo_safe_cell(text: str) -> str:
    """Read back a cell safe_cell() neutralised: a quote before a formula character is ours, not the data's."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
