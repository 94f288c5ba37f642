"""Exit records (DOMAIN.md C11): voluntary or not and a reason code, kept in the exit event's `cause`.

The exit event (services.record_exit) stores its cause as text, and the demo writes it as
"主动离职: 工作压力大" (type, colon, reason). The roster import writes the same form from a type and a reason
code, so every exit reads alike whatever recorded it; describe() reads it back for the people list and its
export. The codes are the accepted values of the roster's 离职类型 and 离职原因 columns (docs/user-guide.md).
"""
import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VOLUNTARY, INVOLUNTARY = "voluntary", "involuntary"
# The Chinese words stored in the cause (the source documents' terms) and what the roster accepts for each.
TYPE_WORDS = {VOLUNTARY: "主动离职", INVOLUNTARY: "被动离职"}
TYPE_LABELS = {VOLUNTARY: _("Voluntary"), INVOLUNTARY: _("Involuntary")}
TYPE_ALIASES = {VOLUNTARY: ("voluntary", "主动", "主动离职", "辞职"), INVOLUNTARY: ("involuntary", "被动", "被动离职", "辞退")}


@dataclass(frozen=True)
class Reason:
    code: str
    word: str  # the Chinese text stored in the cause
    label: object  # translated
    kind: str | None  # the exit type it belongs to; None: either


REASONS = [
    Reason("career", "职业发展", _("Career development"), VOLUNTARY),
    Reason("pay", "薪资待遇", _("Pay"), VOLUNTARY),
    Reason("workload", "工作压力大", _("Work pressure"), VOLUNTARY),
    Reason("shifts", "不适应倒班与夜班", _("Shifts and night work"), VOLUNTARY),
    Reason("new_job", "找到其他工作", _("Found another job"), VOLUNTARY),
    Reason("family", "家庭原因", _("Family reasons"), VOLUNTARY),
    Reason("relocation", "回老家发展", _("Moving home"), VOLUNTARY),
    Reason("study", "继续深造", _("Further study"), VOLUNTARY),
    Reason("health", "身体原因", _("Health"), VOLUNTARY),
    Reason("probation", "试用期考核未通过", _("Failed probation"), INVOLUNTARY),
    Reason("performance", "绩效考核末位淘汰", _("Performance (bottom elimination)"), INVOLUNTARY),
    Reason("misconduct", "违纪解除", _("Misconduct"), INVOLUNTARY),
    Reason("contract_end", "合同到期不续签", _("Contract not renewed"), None),
    Reason("other", "其他", _("Other"), None),
]
BY_CODE = {r.code: r for r in REASONS}
# The demo's older wording of the same reasons.
WORD_ALIASES = {"职业发展 (跳槽)": "career", "薪资低于预期": "pay"}


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-()（）]+", "", (text or "").strip().lower())


def parse_type(text: str) -> str | None:
    key = _norm(text)
    return next((kind for kind, words in TYPE_ALIASES.items() if key in {_norm(w) for w in words}), None)


def parse_reason(text: str) -> Reason | None:
    """A reason by its code or its Chinese word (any case)."""
    key = _norm(text)
    for r in REASONS:
        if key in (_norm(r.code), _norm(r.word)):
            return r
    code = next((c for w, c in WORD_ALIASES.items() if _norm(w) == key), None)
    return BY_CODE[code] if code else None


def accepted_types() -> str:
    return ", ".join(f"{words[1]}/{kind}" for kind, words in TYPE_ALIASES.items())


def accepted_reasons() -> str:
    return ", ".join(f"{r.code} ({r.word})" for r in REASONS)


def cause_text(kind: str | None, reason: Reason | None) -> str:
    """The cause stored on the exit event: "主动离职: 工作压力大", "被动离职", or "" when neither is known."""
    kind = kind or (reason.kind if reason else None)
    head = TYPE_WORDS.get(kind, "离职") if (kind or reason) else ""
    return f"{head}: {reason.word}" if reason else head


@dataclass(frozen=True)
class ExitFacts:
    kind: str | None
    reason: Reason | None
    cause: str

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.kind]) if self.kind else ""

    @property
    def reason_label(self) -> str:
        return str(self.reason.label) if self.reason else ""

    def __str__(self) -> str:
        """For a page: "Voluntary: Pay" in the user's language; a cause in another form as it was written."""
        if self.kind is None and self.reason is None:
            return self.cause
        if self.reason is None:
            return self.type_label
        return gettext("%(type)s: %(reason)s") % {"type": self.type_label, "reason": self.reason_label}


def describe(cause: str) -> ExitFacts:
    """Read an exit event's cause back: its type and reason when written as cause_text() writes it."""
    text = (cause or "").strip()
    head, _sep, rest = text.partition(":")
    if not _sep:
        head, _sep, rest = text.partition("：")
    kind = parse_type(head)
    if kind is None:
        return ExitFacts(None, None, text)
    return ExitFacts(kind, parse_reason(rest) if rest.strip() else None, text)
