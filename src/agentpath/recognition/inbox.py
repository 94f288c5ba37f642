"""What awards tell people through the inbox (issue 20): a new badge, and a level-up when the badges' points carry
the person into the next experience level. Set-based: the items are built and inserted by the database from the
award rows (inbox.services.notify_selected: one INSERT … SELECT … ON CONFLICT DO NOTHING per kind), nothing is read
into Python per award or per person. The award run (services.award_period) tells the month's awards and the
level-ups they gave once, after its last badge; a badge given by hand (services.award_by_hand) tells its award and
level-up in its transaction. Re-running delivers nothing twice (the key of a badge is the award, of a
level-up the person and the level)."""
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from agentpath.inbox import kinds
from agentpath.inbox.services import Bilingual, SelectedNotices, notify_selected

from .models import Award, XpLevel
from .selectors import points_sql

BADGE_AWARDED, LEVEL_UP = "recognition.badge_awarded", "recognition.level_up"
_NUMBER = "EMPLOYEE-NO"  # stands for the employee number while the growth file's link is split around it


def register_kinds() -> None:
    kinds.register(BADGE_AWARDED, _("You earned the badge “{badge}” ({occasion})"), audience=_("the person"))
    kinds.register(LEVEL_UP, _("You reached the level {level} with {points} points"), audience=_("the person"))


def _telling(awards: QuerySet) -> QuerySet:
    """The awards among `awards` that are told: not revoked, of a person with an active account."""
    return awards.filter(revoked_at__isnull=True, employee__user__is_active=True)


def _told(awards: QuerySet) -> tuple[str, list]:
    """A SELECT of the awards among `awards` that are not revoked and whose person has an active account: award_id,
    person, number (employee number), recipient_id (their user), the badge's names, order, code and points, and
    the occasion."""
    rows = (_telling(awards)
            .values(award_id=F("pk"), person=F("employee_id"), number=F("employee__employee_no"),
                    recipient_id=F("employee__user__id"), badge_zh=F("badge__name"), badge_en=F("badge__name_en"),
                    step_order=F("badge__order"), step_code=F("badge__code"), gained=F("badge__points"),
                    happened=F("occasion"))
            .order_by())
    return rows.query.sql_with_params()


def _growth_link(number_sql: str) -> tuple[str, list]:
    """The link to the person's growth file (/people/<no>/?tab=growth) around the SQL of their employee number
    (letters, digits, '-' and '_': nothing in it is escaped by reverse())."""
    before, after = (reverse("org:employee-detail", args=[_NUMBER]) + "?tab=growth").split(_NUMBER)
    return f"(CAST(%s AS TEXT) || {number_sql} || CAST(%s AS TEXT))", [before, after]


def tell_badges(awards: QuerySet) -> int:
    """An item for each of `awards` (a query of Award) not revoked whose person has an active account, in one
    statement. Returns the number of items created."""
    told, told_params = _told(awards)
    url, url_params = _growth_link("t.number")
    return notify_selected(SelectedNotices(
        BADGE_AWARDED,
        f"""SELECT t.recipient_id, {url} AS url, CAST(%s AS TEXT) || CAST(t.award_id AS TEXT) AS key,
                   t.badge_zh, t.badge_en, t.happened
            FROM ({told}) t""",
        [*url_params, f"{BADGE_AWARDED}:", *told_params],
        {"badge": Bilingual("badge_zh", "badge_en"), "occasion": "happened"}))


def tell_level_ups(awards: QuerySet) -> int:
    """A level-up item for each person with an active account whom the points of `awards` (a query of Award; those
    not revoked) carried into a higher level, in one statement. The awards count badge by badge in the badges'
    order (as the run gives them): each badge that carries the person past a threshold tells of the highest level
    it reached, with the points after it — the person's whole points now (selectors.points_sql) less those of the
    awards still to come. Returns the number of items created."""
    told, told_params = _told(awards)
    totals, totals_params = points_sql(_telling(awards).values("employee_id"))
    url, url_params = _growth_link("st.number")
    level = XpLevel._meta.db_table
    return notify_selected(SelectedNotices(
        LEVEL_UP,
        f"""SELECT st.recipient_id, {url} AS url,
                   CAST(%s AS TEXT) || CAST(st.person AS TEXT) || ':' || lv.code AS key,
                   lv.name AS level_zh, lv.name_en AS level_en, st.after AS points
            FROM (SELECT s.person, s.number, s.recipient_id, s.gained,
                         tot.points - SUM(s.gained) OVER (PARTITION BY s.person)
                           + SUM(s.gained) OVER (PARTITION BY s.person ORDER BY s.step_order, s.step_code
                                                 ROWS UNBOUNDED PRECEDING) AS after
                  FROM (SELECT t.person, t.number, t.recipient_id, t.step_order, t.step_code,
                               SUM(t.gained) AS gained
                        FROM ({told}) t
                        GROUP BY t.person, t.number, t.recipient_id, t.step_order, t.step_code) s
                  JOIN ({totals}) tot ON tot.employee_id = s.person) st
            JOIN {level} lv ON lv.min_points = (SELECT MAX(l2.min_points) FROM {level} l2
                                                WHERE l2.min_points <= st.after
                                                  AND l2.min_points > st.after - st.gained)""",
        [*url_params, f"{LEVEL_UP}:", *told_params, *totals_params],
        {"level": Bilingual("level_zh", "level_en"), "points": "points"}))


def awards_created(award_ids) -> int:
    """Tell each person of their new (not revoked) awards among `award_ids` (a list of ids, or a query of them:
    Award.objects.filter(run_period=…).values("pk")), and of the level they reached if those awards' points took
    them past a threshold. Returns the number of items created."""
    awards = Award.objects.filter(pk__in=award_ids)
    return tell_badges(awards) + tell_level_ups(awards)
