"""Refuse a hostile XLSX before it is parsed.

python-calamine reads the whole first sheet and every shared string into memory (measured: about 90 bytes a
cell, 255 MB for 200,000 rows of 14 columns), so a 6 MB "row bomb" or a 2 MB "shared-strings bomb" would take
gigabytes. check_workbook() streams the zip's parts instead (flat memory, a second or two for the largest
accepted file) and refuses the workbook when its <dimension>, its rows or the memory its cells would take
once read pass the limits. zipfile reads no more than each part's declared size and checks its CRC.

One long cell is refused too, before calamine reads it (measured: a 100 MB cell in a 104 KB file peaked at
968 MB): no stretch of the sheet's or the shared strings' XML between two "<" — a cell's text with its tag —
may be longer than a cell of max_cell_chars characters can be written (CELL_TEXT_BYTES per character: a CJK
character is 3 bytes, an escaped "&" 5), whatever the part's uncompressed size says.
"""
import re
import zipfile
from array import array
from posixpath import dirname, join, normpath

from django.utils.translation import gettext as _

CHUNK = 1 << 20
CELL_BYTES = 80  # what calamine keeps per cell of the sheet's bounding box, besides the text itself
STRING_BYTES = 48  # per shared string, besides its text
MAX_SMALL_PART = 4 << 20  # workbook.xml and its relationships: a few KB in real files
CELL_TEXT_BYTES = 6  # most bytes one character of a cell takes in the XML ("&quot;" is 6)
CELL_TAG_BYTES = 256  # a cell's tag and attributes, which share the stretch with its text

DIMENSION = re.compile(rb'<dimension\b[^>]*\bref="[A-Z]{0,3}\d*:?([A-Z]{1,3})(\d+)"')
ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
CELL_COLUMN = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})\d+"')
SHARED_REF = re.compile(rb'<c\b[^>]*?\bt="s"[^>]*>\s*<v>\s*(\d+)\s*</v>')
STRING_ITEM = re.compile(rb"<si\b.*?</si>|<si\s*/>", re.S)
TEXT = re.compile(rb"<t\b[^>]*>(.*?)</t>", re.S)
VALUE = re.compile(rb"<(?:v|t)\b[^>]*>([^<]*)</")


class TooBig(Exception):
    """The workbook passes a limit: `rows` data rows (or more) where `max_rows` are accepted, or `cell_bytes`
    of memory where `max_cell_bytes` are."""

    def __init__(self, *, rows: int = 0, max_rows: int = 0, cell_bytes: int = 0, max_cell_bytes: int = 0,
                 long_cell_bytes: int = 0, max_cell_chars: int = 0):
        super().__init__(rows, max_rows, cell_bytes, max_cell_bytes, long_cell_bytes, max_cell_chars)
        self.rows, self.max_rows, self.cell_bytes, self.max_cell_bytes = rows, max_rows, cell_bytes, max_cell_bytes
        # one cell of at least `long_cell_bytes` bytes of XML, where cells of `max_cell_chars` characters are taken
        self.long_cell_bytes, self.max_cell_chars = long_cell_bytes, max_cell_chars


class _LongestCell:
    """Follows the stretches of XML between two "<" across the pieces of one part and refuses one longer than
    a cell of max_cell_chars characters can be (TooBig with long_cell_bytes)."""

    def __init__(self, max_cell_chars: int):
        self.max_cell_chars = max_cell_chars
        self.limit = max_cell_chars * CELL_TEXT_BYTES + CELL_TAG_BYTES
        self.run = 0  # the stretch still open at the end of the last piece

    def _check(self, length: int) -> None:
        if length > self.limit:
            raise TooBig(long_cell_bytes=length, max_cell_chars=self.max_cell_chars)

    def feed(self, piece: bytes) -> None:
        stretches = piece.split(b"<")
        if len(stretches) == 1:
            self.run += len(piece)
            self._check(self.run)
            return
        self._check(self.run + len(stretches[0]))
        self._check(max(map(len, stretches[1:-1]), default=0))
        self.run = len(stretches[-1])
        self._check(self.run)


class Damaged(Exception):
    """Not a workbook calamine should be given (not a zip, no sheet, a part that fails its CRC). str() is the
    reason in the user's language, for every importer's message."""

    def __init__(self, part: str = "", reason: str = ""):
        super().__init__(part, reason)
        self.part = part
        self.reason = reason or _("a part of the workbook is missing or damaged (%(part)s); open it in Excel and "
                                  "save it again as .xlsx") % {"part": part}

    def __str__(self) -> str:
        return self.reason


def _not_a_workbook() -> Damaged:
    return Damaged(reason=_("this is not an Excel workbook: an .xlsx file is a zip archive and this one is not — "
                            "perhaps a CSV, an old .xls or another file renamed to .xlsx; open it in Excel and save "
                            "it as .xlsx, or upload it as .csv"))


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index


def _small(z: zipfile.ZipFile, name: str) -> bytes:
    info = z.getinfo(name)
    if info.file_size > MAX_SMALL_PART:
        raise Damaged(name)
    return z.read(info)


def _first_sheet(z: zipfile.ZipFile) -> str:
    """The part calamine reads as sheet 0: the first <sheet> of workbook.xml, through its relationship."""
    names = set(z.namelist())
    workbook = next((n for n in ("xl/workbook.xml", "xl/workbook.bin") if n in names), None)
    if workbook is None or workbook.endswith(".bin"):
        raise Damaged("xl/workbook.xml")
    first = re.search(rb'<(?:\w+:)?sheet\b[^>]*?\b(?:\w+:)?id="([^"]+)"', _small(z, workbook))
    rels_name = "xl/_rels/workbook.xml.rels"
    if first is None or rels_name not in names:
        raise Damaged(workbook)
    for rel in re.finditer(rb"<Relationship\b[^>]*>", _small(z, rels_name)):
        if re.search(rb'\bId="' + re.escape(first[1]) + rb'"', rel[0]):
            target = re.search(rb'\bTarget="([^"]+)"', rel[0])[1].decode()
            path = target.lstrip("/") if target.startswith("/") else normpath(join(dirname(workbook), target))
            if path in names:
                return path
    raise Damaged(workbook)


def _stream(z: zipfile.ZipFile, name: str, closing: bytes, longest: _LongestCell):
    """The part in pieces that end after `closing` (a whole row or string item each), then the rest. Each chunk
    read is first given to `longest`, which refuses a long cell before it is gathered into a piece."""
    carry = b""
    with z.open(name) as part:
        while chunk := part.read(CHUNK):
            longest.feed(chunk)
            data = carry + chunk
            cut = data.rfind(closing)
            if cut < 0:
                carry = data
                if len(carry) > 16 * CHUNK:  # one row or string of 16 MB: nothing a roster or KPI file holds
                    yield carry
                    carry = b""
                continue
            cut += len(closing)
            yield data[:cut]
            carry = data[cut:]
    yield carry


def _shared_string_lengths(z: zipfile.ZipFile, budget: int, max_cell_chars: int) -> tuple[array, int]:
    """The byte length of each shared string, and the memory the table takes once read."""
    lengths = array("I")
    if "xl/sharedStrings.xml" not in z.namelist():
        return lengths, 0
    memory = 0
    for piece in _stream(z, "xl/sharedStrings.xml", b"</si>", _LongestCell(max_cell_chars)):
        for item in STRING_ITEM.finditer(piece):
            size = sum(len(t) for t in TEXT.findall(item[0]))
            lengths.append(min(size, 0xFFFFFFFF))
            memory += size + STRING_BYTES
        if memory > budget:
            raise TooBig(cell_bytes=memory, max_cell_bytes=budget)
    return lengths, memory


def check_workbook(binary, *, max_rows: int | None, max_cell_bytes: int, max_cell_chars: int) -> None:
    """Refuse (TooBig, Damaged) a workbook whose first sheet has more than max_rows data rows (None: no row
    limit), whose cells would take more than max_cell_bytes once read, or with a cell (in the sheet or the
    shared strings) longer than max_cell_chars characters can be. Leaves `binary` at its start."""
    start = binary.tell()
    try:
        try:
            z = zipfile.ZipFile(binary)
        except zipfile.BadZipFile as exc:  # no zip directory at all: not a workbook, whatever its name says
            raise _not_a_workbook() from exc
        with z:
            sheet = _first_sheet(z)
            lengths, memory = _shared_string_lengths(z, max_cell_bytes, max_cell_chars)
            _check_sheet(z, sheet, lengths, memory, max_rows, max_cell_bytes, _LongestCell(max_cell_chars))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, OSError, NotImplementedError) as exc:
        raise Damaged(str(exc)) from exc
    finally:
        binary.seek(start)


def _check_sheet(z, sheet: str, lengths: array, memory: int, max_rows: int | None, budget: int,
                 longest: _LongestCell) -> None:
    last_row = rows = columns = 0
    text = 0  # bytes of text the cells hold, shared strings counted once per cell that shows them
    for piece in _stream(z, sheet, b"</row>", longest):
        if not rows and (dimension := DIMENSION.search(piece)):
            declared_rows = int(dimension[2]) - 1
            if max_rows is not None and declared_rows > max_rows:
                raise TooBig(rows=declared_rows, max_rows=max_rows)
        numbers = ROW_NUMBER.findall(piece)
        rows += piece.count(b"<row")
        last_row = max(last_row, int(numbers[-1]) if numbers else 0, rows)
        for row in piece.split(b"<row")[1:]:  # cells without a reference are placed one after the other
            columns = max(columns, row.count(b"<c ") + row.count(b"<c>") + row.count(b"<c/>"))
        columns = max([columns, *(_column_index(c) for c in set(CELL_COLUMN.findall(piece)))])
        text += sum(len(v) for v in VALUE.findall(piece))
        text += sum(lengths[int(i)] if int(i) < len(lengths) else 0 for i in SHARED_REF.findall(piece))
        if max_rows is not None and last_row - 1 > max_rows:
            raise TooBig(rows=last_row - 1, max_rows=max_rows)
        estimate = memory + last_row * columns * CELL_BYTES + text
        if estimate > budget:
            raise TooBig(cell_bytes=estimate, max_cell_bytes=budget)
