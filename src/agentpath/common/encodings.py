"""Which encoding a CSV upload is in, decided on evidence from the whole file, never by falling through.

- UTF-8 (with or without BOM) when the whole file decodes as UTF-8.
- GB18030 (a superset of GBK, as saved by Chinese Excel) when the whole file decodes in it and the file is
  not UTF-8 with a few damaged bytes: a file whose non-ASCII text is mostly valid UTF-8 is damaged UTF-8
  (one stray Latin-1 byte must not turn 赵敏 into 璧垫晱), and is refused.
- Otherwise the file is refused, naming the first bad line and byte.
"""
import codecs
import re
from dataclasses import dataclass

CHUNK = 1 << 20


@dataclass(frozen=True)
class BadByte:
    encoding: str  # the encoding tried
    offset: int  # 0-based offset in the file
    line: int  # 1-based line of the file
    byte: int  # the offending byte's value


class UndecidableEncoding(Exception):
    def __init__(self, bad: BadByte):
        self.bad = bad
        super().__init__(f"{bad.encoding}: byte 0x{bad.byte:02x} at offset {bad.offset}, line {bad.line}")


BAD = re.compile("[\udc80-\udcff]")  # an undecodable byte, kept by surrogateescape


def _scan(binary, encoding: str) -> tuple[BadByte | None, int, int]:
    """Decode the whole file: the first bad byte (or None), the count of non-ASCII characters decoded and
    the count of bad bytes. Reads in chunks: memory stays flat whatever the size. Stops early once the file
    is plainly not in `encoding` (more bad bytes than good characters, past a chunk)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
    first, good, bad, decoded, newlines = None, 0, 0, 0, 0
    while True:
        chunk = binary.read(CHUNK)
        text = decoder.decode(chunk, final=not chunk)
        bad_here = len(BAD.findall(text))
        good += len(text) - len(text.encode("ascii", "ignore")) - bad_here
        if first is None:
            if bad_here:
                index = BAD.search(text).start()
                first = BadByte(encoding, decoded + len(text[:index].encode(encoding, "surrogateescape")),
                                newlines + text[:index].count("\n") + 1, ord(text[index]) - 0xDC00)
            else:
                decoded += len(text.encode(encoding))
        bad += bad_here
        newlines += text.count("\n")
        if not chunk or bad > max(good, 1000):
            return first, good, bad


def detect_csv_encoding(binary) -> str:
    """'utf-8-sig' or 'gb18030' for a seekable binary file (read from its current position, which is
    restored); UndecidableEncoding naming the first bad byte when the file is in neither."""
    start = binary.tell()
    try:
        first_bad, good, bad = _scan(binary, "utf-8")
        if first_bad is None:
            return "utf-8-sig"
        if good > bad:  # mostly valid UTF-8: damaged UTF-8, not GB18030
            raise UndecidableEncoding(first_bad)
        binary.seek(start)
        if _scan(binary, "gb18030")[0] is None:
            return "gb18030"
        raise UndecidableEncoding(first_bad)
    finally:
        binary.seek(start)
