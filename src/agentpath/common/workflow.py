"""One way to move a workflow's state (rounds, reviews, exam attempts, IDPs): a django-fsm-2 transition taken under
a row lock, its state re-read inside the transaction, its condition checked there, and the move logged.

Two requests that race for the same object both lock its row; the second reads the state the first left and, if
its transition no longer applies, is refused with `Conflict` (409, code "state_changed") instead of silently
overwriting the first one's result.
"""
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from agentpath.common.errors import Conflict, Forbidden
from agentpath.common.models import TransitionLog


def transition_under_lock(model, pk, name: str, *, by, state_field: str = "state", reason: str = "",
                          check: Callable | None = None, **kwargs):
    """Lock `model` row `pk`, apply its fsm transition `name` (with `kwargs`), save and log it; return the object.

    `check(obj)` runs after the lock on the fresh row and may raise a DomainError (e.g. a rule of who may act).
    Refused with Conflict when the transition does not apply to the current state or its conditions fail, and
    with Forbidden when the transition's permission refuses `by`."""
    with transaction.atomic():
        obj = model.objects.select_for_update().get(pk=pk)
        before = getattr(obj, state_field)
        method = getattr(obj, name)
        if check is not None:
            check(obj)
        if not can_proceed(method):
            raise Conflict(state_refusal(obj, state_field, name), code="state_changed")
        if by is not None and not has_transition_perm(method, by):
            raise Forbidden(_("You may not do this."), code="forbidden")
        result = method(**kwargs)
        obj.save()
        log_transition(obj, name, before, getattr(obj, state_field), by=by, reason=reason)
    return obj if result is None else result


def state_refusal(obj, state_field: str, name: str) -> str:
    display = getattr(obj, f"get_{state_field}_display", None)
    state = display() if display is not None else getattr(obj, state_field)
    return _("It is %(state)s now, so “%(action)s” no longer applies; reload the page to see what changed.") % {
        "state": state, "action": name}


def log_transition(obj, name: str, source: str, target: str, *, by, reason: str = "") -> TransitionLog:
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk, transition=name,
        source=source, target=target, by=by if getattr(by, "pk", None) else None, reason=reason)
