"""Chinese first: every UI string has a zh-Hans translation, and one English term has one Chinese term."""
import ast
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

from django.core.management import call_command
from django.utils import translation

SRC = Path(__file__).resolve().parent.parent / "src" / "agentpath"
CATALOGS = sorted(SRC.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))


def entries(path: Path):
    """(msgid, msgstr, fuzzy) for each entry of a .po file (plural entries give msgstr[0])."""
    msgid = msgstr = None
    fuzzy = False
    key = None
    out = []

    def flush():
        if msgid:
            out.append((msgid, msgstr or "", fuzzy))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgid "):
            flush()
            msgid, msgstr, key = ast.literal_eval(line[6:]), None, "id"
        elif line.startswith("msgid_plural "):
            key = "plural"
        elif line.startswith("msgstr ") or line.startswith("msgstr[0] "):
            msgstr, key = ast.literal_eval(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr["):
            key = "other"
        elif line.startswith('"'):
            if key == "id":
                msgid += ast.literal_eval(line)
            elif key == "str":
                msgstr += ast.literal_eval(line)
        elif not line.strip():
            flush()
            msgid, msgstr, fuzzy, key = None, None, False, None
    flush()
    return out


def test_there_are_catalogs_for_the_apps():
    apps = {p.parts[-5] for p in CATALOGS}
    assert {"careers", "talent", "accounts", "org"} <= apps


def test_every_string_has_a_chinese_translation_and_none_is_fuzzy():
    missing = [(p.relative_to(SRC).parts[0], msgid) for p in CATALOGS for msgid, msgstr, fuzzy in entries(p)
               if not msgstr or fuzzy]
    assert missing == []


def test_one_english_term_has_one_chinese_translation_across_apps():
    seen = defaultdict(set)
    for p in CATALOGS:
        for msgid, msgstr, _ in entries(p):
            if msgstr:
                seen[msgid].add(msgstr)
    conflicts = {k: v for k, v in seen.items() if len(v) > 1}
    assert conflicts == {}


def test_every_string_in_the_code_and_templates_is_in_a_catalog(tmp_path, settings):
    """makemessages over a copy of the source: every msgid it finds (Python and templates) must have a zh-Hans
    translation in some app's catalog, not only an obsolete (#~) one left behind when a string moved app."""
    copy = tmp_path / "agentpath"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.mo", "*.po"))
    (copy / "locale").mkdir()
    settings.LOCALE_PATHS = [str(copy / "locale")]
    cwd = os.getcwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["zh_Hans"], verbosity=0, no_location=True)
    finally:
        os.chdir(cwd)
    found = {msgid for msgid, _, _ in entries(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")}
    translated = {msgid for p in CATALOGS for msgid, msgstr, fuzzy in entries(p) if msgstr and not fuzzy}
    with translation.override("zh-hans"):  # a template overriding a library's may use the library's own catalog
        missing = sorted(m for m in found - translated if translation.gettext(m) == m)
    assert missing == []


PLACEHOLDER = re.compile(r"%\((\w+)\)([-#0 +]*\d*(?:\.\d+)?[sdifr])")


def formats(path: Path):
    """(msgid, msgid_plural or "", msgstr or msgstr[0]) of each translated entry of a .po file."""
    out = []
    msgid = plural = msgstr = None
    key = None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            msgid, plural, msgstr, key = ast.literal_eval(line[6:]), "", None, "id"
        elif line.startswith("msgid_plural "):
            plural, key = ast.literal_eval(line[13:]), "plural"
        elif line.startswith("msgstr ") or line.startswith("msgstr[0] "):
            msgstr, key = ast.literal_eval(line.split(" ", 1)[1]), "str"
        elif line.startswith("msgstr["):
            key = "other"
        elif line.startswith('"') and key in ("id", "plural", "str"):
            text = ast.literal_eval(line)
            if key == "id":
                msgid += text
            elif key == "plural":
                plural += text
            else:
                msgstr += text
        elif not line.strip():
            if msgid and msgstr:
                out.append((msgid, plural, msgstr))
            msgid = plural = msgstr = key = None
    return out


def rendered(text: str) -> str:
    """The message with each named placeholder filled by a dummy of its kind (what gettext(...) % {...} does)."""
    values = {name: (7 if conv[-1] in "dif" else "值") for name, conv in PLACEHOLDER.findall(text)}
    return text % values if values else text


def test_every_translated_message_fills_the_placeholders_of_its_english_message():
    """A msgstr names exactly the placeholders of its msgid (a placeholder the code does not fill stays on screen
    as "%(time)s"; one the translation drops loses a fact), and both render with every placeholder filled."""
    wrong = []
    for path in CATALOGS:
        app = path.relative_to(SRC).parts[0]
        for msgid, plural, msgstr in formats(path):
            english = {n for n, _c in PLACEHOLDER.findall(msgid + plural)}
            chinese = {n for n, _c in PLACEHOLDER.findall(msgstr)}
            if english != chinese:
                wrong.append((app, msgid, f"placeholders {sorted(chinese)} instead of {sorted(english)}"))
                continue
            for text in (msgid, plural, msgstr):
                try:
                    shown = rendered(text) if english else text
                except (TypeError, ValueError, KeyError) as exc:
                    wrong.append((app, msgid, f"does not format: {exc}"))
                    continue
                if "%(" in shown:
                    wrong.append((app, msgid, f"still shows a placeholder: {shown}"))
    assert wrong == []
