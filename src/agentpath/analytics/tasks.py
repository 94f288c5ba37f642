"""Background work of analytics (django-tasks): retraining the flight-risk model off the request path."""
import datetime

from django_tasks import task

from agentpath.accounts.models import User

from .risk import train_risk_model


@task()
def retrain_risk_model(as_of: str | None = None, user_id: int | None = None) -> dict:
    """train_risk_model as of `as_of` (ISO date; today when None) for the HR user who asked."""
    by = User.objects.filter(pk=user_id).first() if user_id else None
    model = train_risk_model(datetime.date.fromisoformat(as_of) if as_of else None, by=by)
    return {"version": model.version, "c_index": model.c_index, "n": model.n}
