"""Every write of the inbox: deliver items (one event to a few people, or a run to thousands), mark them read.

Services that decide something about a person call `notify` in the same transaction as the decision, so an item
exists exactly when its decision does; `key` names the event ("development.idp_agreed:idp=12:v=3"), and the
unique (recipient, key) makes re-running an event deliver nothing new. A run over the whole workforce whose events
are rows in the database already (the month's awards) hands `notify_selected` a SELECT of them instead: the
server builds and inserts the items in one statement, none of them passes through Python.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agentpath.common.errors import NotFound

from . import kinds
from .models import InboxItem

BATCH = 1000


@dataclass(frozen=True)
class Notice:
    """One item for one recipient (a user id), before it is stored."""

    recipient_id: int
    kind: str
    params: dict
    url: str
    key: str


def _check(kind: str, params: dict, key: str) -> None:
    """A kind must be registered and its params must fill its title; a key is required (it makes delivery
    idempotent). These are programming errors: they fail loudly, at delivery, not when the item is read."""
    _check_params(kind, params)
    if not key:
        raise ValueError(f"inbox kind {kind!r} delivered without a key")


def _check_params(kind: str, names) -> None:
    missing = kinds.get(kind).placeholders - set(names)
    if missing:
        raise ValueError(f"inbox kind {kind!r} needs params {sorted(missing)}")


def notify(*, recipients: Iterable, kind: str, params: dict, url: str, key: str) -> int:
    """Delivers one event to its recipients (users or user ids); each recipient gets it once per `key`, however
    often the event runs. Returns the number of items created."""
    _check(kind, params, key)
    recipient_ids = {getattr(recipient, "pk", recipient) for recipient in recipients}
    return _deliver([Notice(recipient_id, kind, params, url, key) for recipient_id in sorted(recipient_ids)])


def notify_many(notices: Iterable[Notice]) -> int:
    """Delivers many events at once (a run over a center): set-based, `BATCH` rows per insert, the same
    once-per-(recipient, key) rule. Returns the number of items created."""
    checked, seen = [], set()
    for notice in notices:
        if (notice.kind, tuple(sorted(notice.params))) not in seen:
            _check(notice.kind, notice.params, notice.key)
            seen.add((notice.kind, tuple(sorted(notice.params))))
        checked.append(notice)
    return _deliver(checked)


def _deliver(notices: list[Notice]) -> int:
    created = 0
    for start in range(0, len(notices), BATCH):
        batch = notices[start:start + BATCH]
        # Count what is new (the unique constraint still settles a concurrent delivery: ignore_conflicts).
        existing = set(InboxItem.objects.filter(recipient_id__in={n.recipient_id for n in batch},
                                                key__in={n.key for n in batch})
                       .values_list("recipient_id", "key"))
        fresh = {(n.recipient_id, n.key): n for n in batch if (n.recipient_id, n.key) not in existing}
        InboxItem.objects.bulk_create(
            [InboxItem(recipient_id=n.recipient_id, kind=n.kind, params=n.params, url=n.url, key=n.key)
             for n in fresh.values()], ignore_conflicts=True)
        created += len(fresh)
    return created


@dataclass(frozen=True)
class Bilingual:
    """A param that is a name in two languages (kinds.bilingual), read from two columns of the rows."""

    chinese: str
    english: str


@dataclass(frozen=True)
class SelectedNotices:
    """Items of one kind for the rows of a SELECT (`sql` with its `sql_params`): each row names its recipient (a
    user id) in column `recipient_id`, the item's link in `url`, its event key in `key`, and each param of the
    kind's title in a column of its own — `values` maps each param to its column, or to a Bilingual pair of
    columns for a name in two languages. A column that is a number becomes a JSON number, text a JSON string,
    as the same values would in `Notice.params`: an item reads the same whichever way it was delivered."""

    kind: str
    sql: str
    sql_params: list = field(default_factory=list)
    values: dict[str, str | Bilingual] = field(default_factory=dict)


def _json_object(pairs: list[tuple[str, str]]) -> str:
    """A JSON object of (key, SQL value) pairs, spelled for the connection's database (the keys are our own
    param names, never user input)."""
    function = "jsonb_build_object" if connection.vendor == "postgresql" else "json_object"
    for name, _value in pairs:
        if "'" in name:
            raise ValueError(f"inbox param name {name!r} cannot be a JSON key in SQL")
    return function + "(" + ", ".join(f"'{name}', {value}" for name, value in pairs) + ")"


def notify_selected(selected: SelectedNotices) -> int:
    """Delivers an item to each row of `selected` in one INSERT … SELECT … ON CONFLICT (recipient, key) DO NOTHING
    (PostgreSQL, SQLite ≥ 3.24): set-based whatever the number of rows, the same once-per-(recipient, key) rule as
    `notify` (a row whose item exists already, or a second row of the same recipient and key, adds nothing).
    Returns the number of items created."""
    _check_params(selected.kind, selected.values)
    params = _json_object([
        (name, _json_object([("zh-hans", f"r.{column.chinese}"), ("en", f"r.{column.english}")])
         if isinstance(column, Bilingual) else f"r.{column}")
        for name, column in selected.values.items()])
    meta = InboxItem._meta
    columns = {f: meta.get_field(f).column for f in ("recipient", "kind", "params", "url", "key", "created_at")}
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO {meta.db_table} ({", ".join(columns.values())})
            SELECT r.recipient_id, %s, {params}, r.url, r.key, %s
            FROM ({selected.sql}) AS r
            WHERE true
            ON CONFLICT ({columns["recipient"]}, {columns["key"]}) DO NOTHING""",
                       [selected.kind, connection.ops.adapt_datetimefield_value(timezone.now()),
                        *selected.sql_params])
        return cursor.rowcount


def mark_read(*, user, item_id: int) -> InboxItem:
    """Marks one of the user's own items read (another's item answers 404, as if it did not exist)."""
    with transaction.atomic():
        item = InboxItem.objects.select_for_update().filter(recipient=user, pk=item_id).first()
        if item is None:
            raise NotFound(_("No such inbox item."))
        if item.read_at is None:
            item.read_at = timezone.now()
            item.save(update_fields=["read_at"])
    return item


def mark_all_read(*, user) -> int:
    """Marks every unread item of the user read; returns how many."""
    return InboxItem.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
