import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agentpath.analytics.early_warning import raise_alerts
from agentpath.analytics.risk import train_risk_model
from agentpath.common.errors import DomainError


class Command(BaseCommand):
    help = "Analytics: 'train-risk [--as-of DATE]' retrains the flight-risk model and scores everyone employed; " \
           "'raise-alerts [--as-of DATE]' evaluates the early-warning rules over everyone (idempotent per month)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("train-risk", "raise-alerts"):
            sub.add_parser(name).add_argument("--as-of", type=datetime.date.fromisoformat, default=None)

    def handle(self, action, as_of, **options):
        try:
            if action == "train-risk":
                model = train_risk_model(as_of)
                self.stdout.write(self.style.SUCCESS(
                    _("Flight-risk model v%(v)s: %(n)s people, %(e)s exits in training; concordance on the hold-out "
                      "%(c).3f.") % {"v": model.version, "n": model.n, "e": model.events, "c": model.c_index}))
            else:
                for code, n in raise_alerts(as_of).items():
                    self.stdout.write(f"{code}: {n}")
        except DomainError as exc:
            raise CommandError(exc.message, returncode=1) from exc
