"""Reading a whole workforce's rows fast: a values_list of integer or float columns is run on the cursor and
fetched at once, without the ORM's per-row work (iteration a hundred rows at a time, converters); and the cyclic
garbage collector paused while hundreds of thousands of rows and objects are made."""
import gc
from contextlib import contextmanager

from django.db import connection
from django.db.models import QuerySet

# Above this many people a list of ids costs more to send and plan than the rows it saves (and SQLite caps bound
# parameters): the rows of everyone are read and looked up by id.
IN_LIST_LIMIT = 2000


def in_chunks(values, size: int = IN_LIST_LIMIT):
    """`values` (any iterable) as lists of at most `size`: the IN lists of a set-based statement over an import's
    rows, each far below the database's bound-parameter limit (SQLite: 32,766) however large the file."""
    values = list(values)
    for start in range(0, len(values), size):
        yield values[start:start + size]


def of_people(qs: QuerySet, ids) -> QuerySet:
    """`qs` (rows with an employee_id) for these people: an IN list for a few; for many, every row, which the
    caller looks up by id (rows of others are never read as theirs)."""
    ids = list(ids)
    return qs.filter(employee_id__in=ids) if len(ids) <= IN_LIST_LIMIT else qs


@contextmanager
def cycles_not_collected():
    """Rows, facts and options of a whole workforce are made in a row, hundreds of thousands of objects, none part
    of a cycle: the cyclic collector would walk everything alive again and again (measured: a sixth of the talent
    cycle for 50,000 people), so it pauses while they are made and resumes after (unless it was already off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def number_rows(qs: QuerySet) -> list[tuple]:
    """The rows of `qs`, a values_list of integer and float columns only (ids, counts, scores): those need no
    conversion on any database. Dates, decimals and text go through the ORM."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
