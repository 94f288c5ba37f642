"""Reading a whole workforce's rows of numbers fast: a values_list of integer or float columns is run on the cursor
and fetched at once, without the ORM's per-row work (iteration a hundred rows at a time, converters)."""
from django.db import connection
from django.db.models import QuerySet


def number_rows(qs: QuerySet) -> list[tuple]:
    """The rows of `qs`, a values_list of integer and float columns only (ids, counts, scores): those need no
    conversion on any database. Dates, decimals and text go through the ORM."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
