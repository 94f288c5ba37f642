"""agentpath talent open-reviews --period 2026Q3 --by USERNAME [--center CODE ...] [--as-of YYYY-MM-DD]

Opens the quarter's 9-box talent reviews (talent.nine_box.open_reviews): every center's, or the named centers',
each person placed among the peers of their own center, all in one pass. A center that already has a review for
the quarter is refused by name and nothing is opened.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agentpath.accounts.models import User
from agentpath.common.errors import DomainError
from agentpath.org.models import Center
from agentpath.talent.nine_box import open_reviews


class Command(BaseCommand):
    help = "Talent reviews: open-reviews --period 2026Q3 --by USERNAME [--center CODE ...] [--as-of YYYY-MM-DD]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reviews = sub.add_parser("open-reviews", help="open the quarter's 9-box reviews of every (or the named) center")
        reviews.add_argument("--period", required=True, help="the quarter, e.g. 2026Q3")
        reviews.add_argument("--by", required=True, help="the user who holds the reviews (HR or a manager)")
        reviews.add_argument("--center", action="append", default=[], help="a center code; may repeat (default: all)")
        reviews.add_argument("--as-of", help="the day whose facts place people (default: today), YYYY-MM-DD")

    def handle(self, *args, action, period, by, center, as_of, **options):
        user = User.objects.filter(username=by, is_active=True).first()
        if user is None:
            raise CommandError(_("No active user %(name)s.") % {"name": by}, returncode=1)
        centers = list(Center.objects.filter(code__in=center) if center else Center.objects.all())
        unknown = sorted(set(center) - {c.code for c in centers})
        if unknown:
            raise CommandError(_("Unknown center(s): %(codes)s.") % {"codes": ", ".join(unknown)}, returncode=1)
        try:
            day = datetime.date.fromisoformat(as_of) if as_of else None
        except ValueError:
            raise CommandError(_("--as-of %(value)s is not a date; write it as YYYY-MM-DD, e.g. 2026-07-15.")
                               % {"value": as_of}, returncode=1) from None
        try:
            reviews = open_reviews(centers, period=period, by=user, as_of=day)
        except DomainError as error:
            raise CommandError(error.message, returncode=1) from None
        for review in reviews:
            self.stdout.write(_("%(center)s: talent review %(period)s opened, %(n)s people placed.")
                              % {"center": review.center.name, "period": review.period,
                                 "n": review.placements.count()})
