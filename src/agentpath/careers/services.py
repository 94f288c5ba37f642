"""Writes to the career framework: loading the default framework and versioning on every change."""
import contextvars
import datetime
from collections.abc import Callable
from contextlib import contextmanager
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from . import default_framework as data
from .models import Framework, Level, Position, Requirement, Track, Transition

# The default framework's rules take effect from this date, so demo histories fall under them.
DEFAULT_EFFECTIVE_FROM = datetime.date(2022, 1, 1)
_bumping_suspended = contextvars.ContextVar("framework_bumping_suspended", default=False)

# Parts of the default framework that apps above careers own, filled in their AppConfig.ready() (careers never
# imports them): learning registers the courses, each level's required courses and the training catalogue.
# load_framework runs each loader(code) after careers' own rows, in its transaction; a loader returns
# {"created": n, "changed": n}.
FRAMEWORK_PARTS: dict[str, Callable[[str], dict]] = {}


def register_framework_part(name: str, loader: Callable[[str], dict]) -> None:
    FRAMEWORK_PARTS[name] = loader


@contextmanager
def version_bumps_suspended():
    token = _bumping_suspended.set(True)
    try:
        yield
    finally:
        _bumping_suspended.reset(token)


def bump_framework_version(framework_id: int | None) -> None:
    """Any edit to tracks, levels, positions, transitions or requirements makes a new framework version;
    decisions record the version they used (DOMAIN.md C1)."""
    if framework_id and not _bumping_suspended.get():
        Framework.objects.filter(pk=framework_id).update(version=F("version") + 1)


def framework_id_of(obj) -> int | None:
    if isinstance(obj, Track):
        return obj.framework_id
    if isinstance(obj, Level):
        return obj.track.framework_id
    if isinstance(obj, Position):
        return obj.level.track.framework_id
    if isinstance(obj, Transition):
        return obj.from_level.track.framework_id
    if isinstance(obj, Requirement):
        level = obj.level if obj.level_id else obj.transition.to_level
        return level.track.framework_id
    return None


def _upsert(model, lookup: dict, values: dict):
    """Create, or update only the fields that differ, so that loading twice changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=changed)
    return obj, bool(changed)


@transaction.atomic
def load_framework(code: str = "cola") -> dict:
    """Load the default framework (DOMAIN.md C1, seeds 000/002/003/004). Idempotent: returns counts of
    rows created or changed, all zero on a second run."""
    if code != data.FRAMEWORK["code"]:
        raise ValueError(code)
    counts = {"created": 0, "changed": 0}

    def note(created_or_changed: bool, created: bool):
        if created:
            counts["created"] += 1
        elif created_or_changed:
            counts["changed"] += 1

    with version_bumps_suspended():
        fw = Framework.objects.filter(code=code).first()
        if fw is None:
            fw = Framework.objects.create(code=code, name=data.FRAMEWORK["name"], name_en=data.FRAMEWORK["name_en"],
                                          source=data.FRAMEWORK["source"], effective_from=DEFAULT_EFFECTIVE_FROM)
            counts["created"] += 1
        tracks = {}
        for t_code, name, name_en, kind, order, source, description in data.TRACKS:
            existed = Track.objects.filter(code=t_code).exists()
            obj, changed = _upsert(Track, {"code": t_code}, {"framework": fw, "name": name, "name_en": name_en,
                                                             "kind": kind, "order": order, "source": source,
                                                             "description": description})
            note(changed, not existed)
            tracks[t_code] = obj
        levels = {}
        for t_code, rows in data.LEVELS.items():
            for l_code, order, name, name_en, title, gmin, gmax, _course_codes in rows:  # courses: learning
                existed = Level.objects.filter(code=l_code).exists()
                obj, changed = _upsert(Level, {"code": l_code}, {
                    "track": tracks[t_code], "order": order, "name": name, "name_en": name_en,
                    "corporate_title": title, "grade_min": gmin, "grade_max": gmax})
                note(changed, not existed)
                levels[l_code] = obj
        positions = {}
        for p_code, l_code, name, name_en, family, is_key, resp in data.POSITIONS:
            existed = Position.objects.filter(code=p_code).exists()
            obj, changed = _upsert(Position, {"code": p_code}, {
                "level": levels[l_code], "name": name, "name_en": name_en, "family": family, "is_key": is_key,
                "responsibilities": resp})
            note(changed, not existed)
            positions[p_code] = obj
        rows = list(data.TRANSITIONS)
        for lv in levels.values():
            if lv.grade_max > lv.grade_min:
                rows.append((lv.code, lv.code, "grade_step", None, None, "grade_step", ""))
        for src, dst, kind, p_src, p_dst, rule, tnote in rows:
            if kind == "lateral" and rule is None:
                rule = "lateral"
            lookup = {"from_level": levels[src], "to_level": levels[dst], "kind": kind,
                      "from_position": positions.get(p_src), "to_position": positions.get(p_dst)}
            existed = Transition.objects.filter(**lookup).exists()
            tr, changed = _upsert(Transition, lookup, {"note": tnote})
            note(changed, not existed)
            for kind_, values in _transition_requirements(rule, (src, dst) if kind == "promotion" else None):
                lookup = {"transition": tr, "kind": kind_}
                if kind_ == Requirement.Kind.MIN_COMPETENCY:  # one per competency the move asks for
                    lookup["competency"] = values.pop("competency")
                existed = Requirement.objects.filter(**lookup).exists()
                _, changed = _upsert(Requirement, lookup, {**values, "effective_from": DEFAULT_EFFECTIVE_FROM})
                note(changed, not existed)
        for loader in FRAMEWORK_PARTS.values():  # the courses and the training catalogue (learning), …
            part = loader(code)
            counts["created"] += part["created"]
            counts["changed"] += part["changed"]
    return counts


def _transition_requirements(rule: str | None, promotion: tuple[str, str] | None = None):
    """The requirements of a default transition: its rule's (PROMOTION_RULES, LATERAL_RULE, the grade step) and,
    for a promotion, the exam average (EXAM_REQUIREMENTS) and the competencies (COMPETENCY_REQUIREMENTS) it asks."""
    K = Requirement.Kind
    if rule is None:
        return []
    if rule == "grade_step":
        return [(K.MIN_MONTHS_IN_LEVEL, {"value": Decimal(data.GRADE_STEP_MONTHS)})]
    if rule == "lateral":
        months, window = data.LATERAL_RULE
        return [(K.MIN_MONTHS_IN_LEVEL, {"value": Decimal(months)}), (K.NO_DISCIPLINE, {"window_months": window})]
    months, credits, kpi, exam, nomination = data.PROMOTION_RULES[rule]
    exam = data.EXAM_REQUIREMENTS.get(promotion, exam)
    reqs = [(K.MIN_MONTHS_IN_LEVEL, {"value": Decimal(months)}),
            (K.MIN_CREDITS, {"value": Decimal(credits), "window_months": 12}),
            (K.NO_DISCIPLINE, {"window_months": 12})]
    if kpi is not None:
        reqs.append((K.MIN_KPI_PERCENTILE, {"value": Decimal(kpi), "quarters": 2}))
    if exam is not None:
        reqs.append((K.MIN_EXAM_AVERAGE, {"value": Decimal(exam), "window_months": 6}))
    if nomination:
        reqs.append((K.SUPERVISOR_NOMINATION, {}))
    for competency, level in data.COMPETENCY_REQUIREMENTS.get(promotion, {}).items():
        reqs.append((K.MIN_COMPETENCY, {"competency": competency, "value": Decimal(level)}))
    return reqs
