"""The exit reasons list (seed 004 §3) as data, and each recorded exit's type and reason read from its cause text
into an ExitRecord. Reversing writes the type and reason back into a cause that has none and drops the records."""
import re

from django.db import migrations

VOLUNTARY, INVOLUNTARY = "voluntary", "involuntary"
TYPE_WORDS = {VOLUNTARY: "主动离职", INVOLUNTARY: "被动离职"}
TYPE_ALIASES = {VOLUNTARY: ("voluntary", "主动", "主动离职", "辞职"), INVOLUNTARY: ("involuntary", "被动", "被动离职", "辞退")}
# (code, Chinese term, label, exit type or "" for either) — org.exits.REASONS on the day of this migration.
REASONS = [
    ("career", "职业发展", "Career development", VOLUNTARY),
    ("pay", "薪资待遇", "Pay", VOLUNTARY),
    ("workload", "工作压力大", "Work pressure", VOLUNTARY),
    ("shifts", "不适应倒班与夜班", "Shifts and night work", VOLUNTARY),
    ("new_job", "找到其他工作", "Found another job", VOLUNTARY),
    ("family", "家庭原因", "Family reasons", VOLUNTARY),
    ("relocation", "回老家发展", "Moving home", VOLUNTARY),
    ("study", "继续深造", "Further study", VOLUNTARY),
    ("health", "身体原因", "Health", VOLUNTARY),
    ("probation", "试用期考核未通过", "Failed probation", INVOLUNTARY),
    ("performance", "绩效考核末位淘汰", "Performance (bottom elimination)", INVOLUNTARY),
    ("misconduct", "违纪解除", "Misconduct", INVOLUNTARY),
    ("contract_end", "合同到期不续签", "Contract not renewed", ""),
    ("other", "其他", "Other", ""),
]
WORD_ALIASES = {"职业发展 (跳槽)": "career", "薪资低于预期": "pay"}


def _norm(text):
    return re.sub(r"[\s_\-()（）]+", "", (text or "").strip().lower())


def _parse(cause):
    text = (cause or "").strip()
    head, sep, rest = text.partition(":")
    if not sep:
        head, sep, rest = text.partition("：")
    kind = next((k for k, words in TYPE_ALIASES.items() if _norm(head) in {_norm(w) for w in words}), None)
    if kind is None:
        return None, None
    key = _norm(rest)
    code = next((c for c, w, _l, _k in REASONS if key and key in (_norm(c), _norm(w))), None)
    code = code or next((c for w, c in WORD_ALIASES.items() if key and _norm(w) == key), None)
    return kind, code


def forward(apps, schema_editor):
    ExitReason = apps.get_model("org", "ExitReason")
    ExitRecord = apps.get_model("org", "ExitRecord")
    EmploymentEvent = apps.get_model("org", "EmploymentEvent")
    db = schema_editor.connection.alias  # the database being migrated (a test migrates one of its own)
    ExitReason.objects.using(db).bulk_create([ExitReason(code=c, word=w, label=label, kind=k) for c, w, label, k in REASONS])
    reasons = dict(ExitReason.objects.using(db).values_list("code", "id"))
    records = []
    for event_id, cause in EmploymentEvent.objects.using(db).filter(kind="exit").values_list("id", "cause").iterator(2000):
        kind, code = _parse(cause)
        records.append(ExitRecord(event_id=event_id, exit_type=kind or "", reason_id=reasons.get(code)))
    ExitRecord.objects.using(db).bulk_create(records, batch_size=2000)


def backward(apps, schema_editor):
    ExitRecord = apps.get_model("org", "ExitRecord")
    EmploymentEvent = apps.get_model("org", "EmploymentEvent")
    ExitReason = apps.get_model("org", "ExitReason")
    db = schema_editor.connection.alias
    events = []
    for record in ExitRecord.objects.using(db).select_related("event", "reason").iterator(2000):
        if record.event.cause or not (record.exit_type or record.reason_id):
            continue
        kind = record.exit_type or (record.reason.kind if record.reason_id else "")
        head = TYPE_WORDS.get(kind, "离职")
        record.event.cause = f"{head}: {record.reason.word}" if record.reason_id else head
        events.append(record.event)
    EmploymentEvent.objects.using(db).bulk_update(events, ["cause"], batch_size=2000)
    ExitRecord.objects.using(db).all().delete()
    ExitReason.objects.using(db).all().delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0009_exit_records")]
    operations = [migrations.RunPython(forward, backward)]
