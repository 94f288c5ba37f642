"""The default training catalogue of seed 002 ch. 3, loaded with the framework (`agentpath load-framework cola`).

The framework's named courses (careers.default_framework.COURSES) are the courses; this adds their category and
delivery, the on-job and specialized courses of seed 002, the pre-job program (§3.3.2: theory, system operation,
case teaching, shadowing internship 跟班实习, final exam oral + written) and the two specialized programs of the
differentiated-training rule (§3.5.1 business capability, §3.5.2 value uplift)."""
from decimal import Decimal

from django.db import transaction

from agentpath.careers import default_framework
from agentpath.careers.models import Level, Requirement
from agentpath.careers.services import DEFAULT_EFFECTIVE_FROM

from .models import Assessment, Category, Course, Delivery, Program, ProgramStage

# Framework courses by category (the rest are on-job courses in a classroom).
CATEGORY_OF = {
    "pre-job-program": Category.PRE_JOB,
    "train-the-trainer": Category.TRAINER, "presentation-skills": Category.TRAINER,
    "coaching-skills": Category.TRAINER,
    "project-management": Category.MANAGEMENT, "hr-development": Category.MANAGEMENT,
    "budget-planning": Category.MANAGEMENT, "performance-evaluation-pdr": Category.MANAGEMENT,
    "star-interview": Category.MANAGEMENT, "team-management": Category.MANAGEMENT,
    "people-time-management": Category.MANAGEMENT, "workforce-management": Category.MANAGEMENT,
}
DELIVERY_OF = {"pre-job-program": Delivery.CLASSROOM, "education-toefl-500": Delivery.ONLINE,
               "english-toefl-400": Delivery.ONLINE, "microsoft-skills": Delivery.ONLINE}

# Courses of seed 002 that the framework does not name: (code, name, name_en, category, delivery, credits, hours)
EXTRA_COURSES = [
    # 15 minutes, rounded to the hours field's one decimal
    ("morning-briefing", "晨会业务培训", "Morning briefing", Category.ON_JOB, Delivery.CLASSROOM, "0.1", "0.3"),
    ("weekly-review", "服务经验分析交流会", "Experience and complaint review", Category.ON_JOB,
     Delivery.CASE_STUDY, "0.2", "0.5"),
    ("specialized-business", "专项培训:业务受理规范", "Specialized: business-handling rules", Category.SPECIALIZED,
     Delivery.CLASSROOM, "2", "8"),
    ("specialized-value", "专项培训:价值提升与收保", "Specialized: value uplift and retention",
     Category.SPECIALIZED, Delivery.CASE_STUDY, "2", "8"),
]

# (program code, name, name_en, category, course code, [(name, name_en, delivery, assessment, pass mark)])
PROGRAMS = [
    ("pre-job", "岗前培训", "Pre-job training", Category.PRE_JOB, "pre-job-program", [
        ("基础理论", "Theory", Delivery.CLASSROOM, Assessment.WRITTEN, 60),
        ("系统操作", "System operation", Delivery.CLASSROOM, Assessment.PRACTICAL, 60),
        ("案例教学", "Case teaching", Delivery.CASE_STUDY, Assessment.ORAL, 60),
        ("跟班实习", "Shadowing internship", Delivery.SHADOWING, Assessment.OBSERVATION, 60),
        ("结业考试(口试+笔试)", "Final exam (oral and written)", Delivery.CLASSROOM, Assessment.ORAL_WRITTEN, 70),
    ]),
    ("specialized-business", "差异化培训:业务能力", "Differentiated training: business capability",
     Category.SPECIALIZED, "specialized-business", [
        ("规章条例与服务标准宣贯", "Rules and service standards", Delivery.CLASSROOM, Assessment.WRITTEN, 60),
        ("业务操作", "Business operation", Delivery.CLASSROOM, Assessment.PRACTICAL, 60),
    ]),
    ("specialized-value", "差异化培训:价值提升与收保", "Differentiated training: value uplift and retention",
     Category.SPECIALIZED, "specialized-value", [
        ("挽留与营销案例", "Retention and sales cases", Delivery.CASE_STUDY, Assessment.ORAL, 60),
        ("价值提升考核", "Value uplift assessment", Delivery.CLASSROOM, Assessment.WRITTEN, 60),
    ]),
]


def _upsert(model, lookup: dict, values: dict) -> tuple[object, bool, bool]:
    """(object, created, changed): write only what differs, so a second load changes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True, False
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    if changed:
        obj.save(update_fields=changed)
    return obj, False, bool(changed)


def framework_course_codes() -> set[str]:
    """The courses the default framework defines; a customer's own courses are never touched by a reload."""
    return {row[0] for row in default_framework.COURSES}


def course_kind(code: str) -> dict:
    """Category and delivery of one of the default framework's courses (seed 002)."""
    return {"category": CATEGORY_OF.get(code, Category.ON_JOB), "delivery": DELIVERY_OF.get(code, Delivery.CLASSROOM)}


@transaction.atomic
def load_framework_courses(code: str) -> dict:
    """learning's part of the default framework (careers.services.FRAMEWORK_PARTS, registered in
    LearningConfig.ready()): the framework's named courses, each level's required courses (DOMAIN.md C1, seed 000)
    and the training catalogue. Idempotent: counts of rows created and changed, both zero on a second run."""
    counts = {"created": 0, "changed": 0}

    def note(created, changed):
        counts["created" if created else "changed"] += int(created or changed)

    courses = {}
    for c_code, name, name_en, credits, hours in default_framework.COURSES:
        courses[c_code], created, changed = _upsert(Course, {"code": c_code}, {
            "name": name, "name_en": name_en, "credits": Decimal(credits), "hours": Decimal(hours),
            **course_kind(c_code)})
        note(created, changed)
    levels = {level.code: level for level in Level.objects.filter(
        code__in=[row[0] for rows in default_framework.LEVELS.values() for row in rows])}
    for rows in default_framework.LEVELS.values():
        for l_code, *_level, course_codes in rows:
            for c_code in course_codes:
                _, created, changed = _upsert(Requirement, {
                    "level": levels[l_code], "kind": Requirement.Kind.REQUIRED_COURSE, "course": courses[c_code]},
                    {"effective_from": DEFAULT_EFFECTIVE_FROM})
                note(created, changed)
    training = load_training_catalogue()  # the courses' categories and seed 002's programs
    return {key: counts[key] + training[key] for key in counts}


@transaction.atomic
def load_training_catalogue() -> dict:
    """Categories of the framework's courses, seed 002's extra courses and programs. Idempotent: counts of rows
    created and changed, both zero on a second run."""
    counts = {"created": 0, "changed": 0}

    def note(created, changed):
        counts["created" if created else "changed"] += int(created or changed)

    courses = {c.code: c for c in Course.objects.filter(code__in=framework_course_codes())}
    for code, course in courses.items():
        _, created, changed = _upsert(Course, {"pk": course.pk}, course_kind(code))
        note(created, changed)
    for code, name, name_en, category, delivery, credits, hours in EXTRA_COURSES:
        courses[code], created, changed = _upsert(Course, {"code": code}, {
            "name": name, "name_en": name_en, "category": category, "delivery": delivery,
            "credits": Decimal(credits), "hours": Decimal(hours)})
        note(created, changed)
    for code, name, name_en, category, course_code, stages in PROGRAMS:
        program, created, changed = _upsert(Program, {"code": code}, {
            "name": name, "name_en": name_en, "category": category, "course": courses[course_code]})
        note(created, changed)
        for order, (s_name, s_name_en, delivery, assessment, pass_mark) in enumerate(stages, start=1):
            _, created, changed = _upsert(ProgramStage, {"program": program, "order": order}, {
                "name": s_name, "name_en": s_name_en, "delivery": delivery, "assessment": assessment,
                "pass_mark": Decimal(pass_mark)})
            note(created, changed)
    return counts
