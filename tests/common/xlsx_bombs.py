"""Hostile XLSX files, written straight as zip parts so that they are small on disk and huge inside."""
import io
import zipfile

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>')
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def _cells(r: int, values) -> str:
    return "".join(f'<c r="{_col(i)}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))


def workbook(headers, rows, *, dimension: str | None = None, shared_strings: str = "") -> bytes:
    """An XLSX whose first sheet holds headers and rows (iterables of text), streamed into the zip."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/sharedStrings.xml", shared_strings or f'<sst {NS} count="0" uniqueCount="0"></sst>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {NS}>'.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            sheet.write(f'<row r="1">{_cells(1, headers)}</row>'.encode())
            buffer = []
            for r, values in enumerate(rows, start=2):
                buffer.append(f'<row r="{r}">{_cells(r, values)}</row>')
                if len(buffer) >= 5000:
                    sheet.write("".join(buffer).encode())
                    buffer = []
            sheet.write("".join(buffer).encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def row_bomb(headers, row, count: int, *, dimension: bool = True) -> bytes:
    """`count` copies of one row: a few KB per 100,000 rows on disk."""
    last = f"{_col(len(headers) - 1)}{count + 1}"
    return workbook(headers, (row for _ in range(count)), dimension=f"A1:{last}" if dimension else None)


def compact_row_bomb(width: int, count: int) -> bytes:
    """`count` rows of `width` one-character cells without references or <dimension>: the 6 MB kind."""
    row = ("<row>" + '<c t="inlineStr"><is><t>x</t></is></c>' * width + "</row>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/sharedStrings.xml", f'<sst {NS} count="0" uniqueCount="0"></sst>')):
            z.writestr(name, text)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>'.encode())
            block = row * 1000
            for _ in range(count // 1000):
                sheet.write(block)
            sheet.write(row * (count % 1000))
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def shared_strings_bomb(headers, *, cells: int, length: int) -> bytes:
    """One shared string of `length` characters shown in `cells` cells: small inside and out, but a reader
    that copies the string into every cell holds cells × length characters."""
    sst = f'<sst {NS} count="{cells}" uniqueCount="1"><si><t>{"x" * length}</t></si></sst>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/sharedStrings.xml", sst)):
            z.writestr(name, text)
        rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in range(2, cells + 2))
        header = f'<row r="1">{_cells(1, headers)}</row>'
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {NS}><sheetData>{header}{rows}</sheetData></worksheet>')
    return out.getvalue()


def many_strings_bomb(*, strings: int, length: int) -> bytes:
    """A shared-strings table of `strings` distinct strings of `length` characters (the 2.2 MB kind)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            z.writestr(name, text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
            sst.write(f'<sst {NS} count="{strings}" uniqueCount="{strings}">'.encode())
            filler = b"x" * (length - 8)
            for i in range(strings):
                sst.write(b"<si><t>" + filler + b"%08d</t></si>" % i)
            sst.write(b"</sst>")
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v>'
                                               '</c></row></sheetData></worksheet>')
    return out.getvalue()


def long_cell(headers, length: int, *, shared: bool = False) -> bytes:
    """One data row whose first cell holds `length` characters (inline, or as the one shared string), written
    into the zip a megabyte at a time: about 100 KB on disk for a 100 MB cell."""
    out = io.BytesIO()
    block = b"x" * (1 << 20)

    def write_text(part):
        for _ in range(length // len(block)):
            part.write(block)
        part.write(b"x" * (length % len(block)))

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            z.writestr(name, text)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as sst:
            sst.write(f'<sst {NS} count="1" uniqueCount="1"><si><t>'.encode())
            if shared:
                write_text(sst)
            sst.write(b"</t></si></sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(f'<worksheet {NS}><sheetData><row r="1">{_cells(1, headers)}</row><row r="2">'.encode())
            if shared:
                sheet.write(b'<c r="A2" t="s"><v>0</v></c>')
            else:
                sheet.write(b'<c r="A2" t="inlineStr"><is><t>')
                write_text(sheet)
                sheet.write(b"</t></is></c>")
            sheet.write(f'{_cells(2, headers[1:])}</row></sheetData></worksheet>'.encode())
    return out.getvalue()
