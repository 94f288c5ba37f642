"""The career-anchor inventory (seed 004 §1 用职业锚辅助员工发展; Schein's eight anchors), written for this product.

Forty items, five per anchor, interleaved: item n measures ANCHOR_ORDER[(n - 1) % 8], so no two neighbouring
items share an anchor. Each is rated 1-6; the three items the employee marks as most true get 4 more points;
an anchor's score is the mean of its five items (score_answers). Reliability: cronbach_alpha.
"""
from dataclasses import dataclass
from statistics import mean, variance

from django.utils.translation import gettext_lazy as _

RATING_MIN, RATING_MAX = 1, 6
TOP_ITEMS, TOP_BONUS = 3, 4
ITEMS_PER_ANCHOR = 5


@dataclass(frozen=True)
class Anchor:
    code: str
    name: str
    meaning: str
    track_codes: tuple[str, ...]  # careers.Track codes worth discussing (a conversation, not an assignment)
    discuss: str


ANCHORS = [
    Anchor("technical", _("Technical/functional competence"),
           _("You are motivated by mastering a specialty and being recognised as the expert in it."),
           ("pro", "qa", "mis"), _("the expert track (senior agent, business expert), QA or MIS")),
    Anchor("management", _("General managerial competence"),
           _("You want responsibility for the results of a team or a whole operation, through other people."),
           ("mgmt", "cola"), _("the management track (team leader, supervisor, manager)")),
    Anchor("autonomy", _("Autonomy/independence"),
           _("You work best when you decide how, when and where your work is done."),
           ("training", "mis"), _("roles with their own projects: trainer, MIS analyst, knowledge-base owner")),
    Anchor("security", _("Security/stability"),
           _("You value a predictable job, clear rules and steady growth with one employer."),
           ("vip", "pro"), _("grade steps within the band and the VIP track's clear steps")),
    Anchor("entrepreneurial", _("Entrepreneurial creativity"),
           _("You want to create something new that is recognisably yours: a service, a team, a pilot."),
           ("cola", "mgmt"), _("pilot projects and new service lines, CO Tech or a management role")),
    Anchor("service", _("Service/dedication to a cause"),
           _("You want your work to make a real difference to customers and colleagues."),
           ("qa", "training", "vip"), _("QA, trainer or VIP customer manager")),
    Anchor("challenge", _("Pure challenge"),
           _("You look for hard problems and contests that others think cannot be won."),
           ("vip", "risk", "collections"), _("complaint handling, VIP service, risk or collections")),
    Anchor("lifestyle", _("Lifestyle"),
           _("You want work that fits with your family and personal life."),
           ("scheduling", "paperwork"), _("roles with predictable hours: scheduling or paperwork")),
]
ANCHOR_ORDER = [a.code for a in ANCHORS]
ANCHOR_BY_CODE = {a.code: a for a in ANCHORS}

# In ANCHOR_ORDER repeated five times: item 1 technical, 2 management, ... 8 lifestyle, 9 technical, ...
_ITEM_TEXTS = [
    _("I want to be the person colleagues turn to for the hardest product or system questions."),
    _("I want to be responsible for the results of a whole team or center."),
    _("I work best when I can decide for myself how to organise my work."),
    _("A stable job with a predictable income matters a great deal to me."),
    _("I often come up with ideas for new services or ways of working and want to make them happen."),
    _("Helping a customer out of a difficult situation is what gives my work its meaning."),
    _("The harder the complaint, the more I want to handle it myself."),
    _("A job that fits with my family and personal life matters more to me than a title."),
    _("I would rather deepen my expertise in one field than be promoted away from it."),
    _("Coordinating people and resources to reach a target excites me."),
    _("Strict scripts and close monitoring bother me more than most things at work."),
    _("I prefer to stay with one employer and grow there step by step."),
    _("I would like to build something new, such as a service line or a team, that is recognisably mine."),
    _("I want my work to make a real difference to customers and colleagues."),
    _("I look for targets that others think cannot be reached."),
    _("I would refuse a move that forced me into shifts that disrupt my life outside work."),
    _("I feel most satisfied when I solve a problem with my specialist knowledge."),
    _("I see myself as a supervisor or manager in a few years."),
    _("I would prefer a role where I set my own schedule and methods."),
    _("Clear rules for promotion and pay make me feel secure."),
    _("Starting a pilot from nothing motivates me more than running an existing process."),
    _("Coaching a new colleague until they succeed is one of the best parts of the job."),
    _("Easy, routine work quickly bores me."),
    _("Balancing work, family and my own development is what success means to me."),
    _("Being a recognised expert, such as a business expert or QA, appeals to me more than managing people."),
    _("I would take on more responsibility even if it meant less time on my own cases."),
    _("I would turn down a promotion that took away my freedom in how I work."),
    _("I would rather keep my current shifts and team than move for a riskier opportunity."),
    _("I am willing to take risks to create something of my own."),
    _("I would choose a role that helps people over one that pays more."),
    _("Winning a contest, such as a quality or sales competition, motivates me strongly."),
    _("I want flexible hours or a choice of shifts more than a faster promotion."),
    _("I keep learning the details of our products and processes even when no one asks me to."),
    _("Being judged by how well my team performs suits me."),
    _("Independent projects, such as building a knowledge base, appeal to me."),
    _("Job security is more important to me than a fast rise."),
    _("One day I would like to run my own business or consultancy."),
    _("Improving service quality for everyone matters more to me than my own advancement."),
    _("I want my career to keep testing me with problems that are hard to solve."),
    _("I judge a job by how well it lets me live the life I want."),
]


@dataclass(frozen=True)
class Item:
    number: int  # 1..40, the order shown
    anchor: str
    text: str


ITEMS = [Item(n, ANCHOR_ORDER[(n - 1) % len(ANCHORS)], text) for n, text in enumerate(_ITEM_TEXTS, start=1)]
ITEM_NUMBERS = [i.number for i in ITEMS]


def anchor_of(item_number: int) -> str:
    return ANCHOR_ORDER[(item_number - 1) % len(ANCHORS)]


def score_answers(ratings: dict[int, int], top_items: set[int] | list[int]) -> dict[str, float]:
    """Anchor code -> score: the mean of its five items, each rating 1-6 plus 4 for the three items marked most
    true (seed 004 §1, Schein's scoring). Expects validated answers (services.validate_answers)."""
    points = {n: ratings[n] + (TOP_BONUS if n in set(top_items) else 0) for n in ITEM_NUMBERS}
    return {code: round(mean(points[n] for n in ITEM_NUMBERS if anchor_of(n) == code), 2) for code in ANCHOR_ORDER}


def top_anchors(scores: dict[str, float], count: int = 3) -> list[str]:
    """The highest-scoring anchors, ties broken by the inventory's order."""
    return sorted(ANCHOR_ORDER, key=lambda code: (-scores[code], ANCHOR_ORDER.index(code)))[:count]


def cronbach_alpha(rows: list[list[int]]) -> float | None:
    """Cronbach's α of one anchor's items over answer sheets: k/(k-1) · (1 - Σ item variances / variance of the
    sums), on the raw 1-6 ratings (the +4 bonus is a ranking, not a measurement). None below two sheets or when
    the sums do not vary."""
    if len(rows) < 2:
        return None
    k = len(rows[0])
    total_variance = variance([sum(r) for r in rows])
    if total_variance == 0:
        return None
    item_variances = sum(variance([r[i] for r in rows]) for i in range(k))
    return round(k / (k - 1) * (1 - item_variances / total_variance), 3)
