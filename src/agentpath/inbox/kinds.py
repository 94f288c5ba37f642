"""The registry of inbox item kinds. Each app that sends items registers its kinds in its AppConfig.ready():

    from agentpath.inbox import kinds
    kinds.register("development.idp_agreed", _("Your development plan {period} was agreed by {leader}"),
                   audience=_("the agent"))

`title` is a lazily translated format string whose {placeholders} are filled from the item's params when the item
is shown, so an item reads in the reader's language of the moment (a language switch re-renders it). `audience`
says who receives it (written down for HR and the tests). A kind sent before it is registered fails loudly.
"""
import string
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise


@dataclass(frozen=True)
class Kind:
    code: str
    title: Promise | str  # lazily translated, with {placeholders}
    audience: Promise | str

    @property
    def placeholders(self) -> set[str]:
        """The names the title needs from the item's params (read from the untranslated format string)."""
        return placeholders_of(str(self.title))


_KINDS: dict[str, Kind] = {}


def placeholders_of(title: str) -> set[str]:
    return {field for _text, field, _spec, _conv in string.Formatter().parse(title) if field}


def register(kind: str, title, audience) -> Kind:
    """Adds a kind (idempotent for the same title: ready() may run twice in tests)."""
    known = _KINDS.get(kind)
    if known is not None and known.title is not title and str(known.title) != str(title):
        raise ValueError(f"inbox kind {kind!r} is registered twice with different titles")
    _KINDS[kind] = Kind(kind, title, audience)
    return _KINDS[kind]


def get(kind: str) -> Kind:
    try:
        return _KINDS[kind]
    except KeyError:
        raise LookupError(f"inbox kind {kind!r} is not registered (register it in its app's AppConfig.ready())") \
            from None


def registered() -> list[Kind]:
    return [_KINDS[code] for code in sorted(_KINDS)]


def render(kind: str, params: dict) -> str:
    """The title of an item in the active language, every placeholder filled from params. A param that is a
    dict {"zh-hans": ..., "en": ...} (a name stored in two languages) is read in the active language."""
    title = str(get(kind).title)
    return title.format_map(_Params(params))


class _Params(dict):
    def __init__(self, params: dict):
        super().__init__(params)

    def __getitem__(self, name):
        if name not in self:
            raise KeyError(f"the inbox item has no value for {{{name}}}")
        value = super().__getitem__(name)
        if isinstance(value, dict):
            return localized(value)
        return value


def localized(value: dict) -> str:
    """A name stored in two languages, {"zh-hans": "…", "en": "…"} (see `bilingual`), in the active language:
    English when the page is in English and the name has an English form, else Chinese (as BilingualName)."""
    english = (translation.get_language() or "").startswith("en")
    return value["en"] if english and value.get("en") else value["zh-hans"]


def bilingual(named) -> dict:
    """The param of a name with a Chinese and an English form (careers.BilingualName: a course, a level, a badge),
    so the item shows the name in the reader's language."""
    return {"zh-hans": named.name, "en": named.name_en}


def both_languages(text) -> dict:
    """A lazily translated word (a box name, an outcome) as a param in both languages, read in the reader's."""
    with translation.override("zh-hans"):
        chinese = str(text)
    with translation.override("en"):
        english = str(text)
    return {"zh-hans": chinese, "en": english}


def person_name(user) -> str:
    """How an item names the person who acted: their employee name, else their full name, else the username."""
    if user.employee_id:
        return user.employee.name
    return user.get_full_name() or user.username
