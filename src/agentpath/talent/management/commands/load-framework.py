"""agentpath load-framework cola: the framework (careers, with learning's courses through careers.FRAMEWORK_PARTS),
the default scorecards (performance) and the competency dictionary (talent). It lives in talent, the highest of
the apps it loads (docs/architecture.md)."""
from django.core.management.base import BaseCommand, CommandError

from agentpath.careers.services import load_framework
from agentpath.performance.services import load_default_scorecards
from agentpath.talent.competencies import load_competencies


class Command(BaseCommand):
    help = "Load a default career framework. 'cola': the Customer Operations Career Roadmap (seed 000), the VIP " \
           "customer-manager track (seed 002) and the management ladder (seed 003), with the default KPI metrics and " \
           "scorecards of its agent positions (seed 002 §3.5). Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("code", choices=["cola"])

    def handle(self, code, **options):
        try:
            counts = load_framework(code)
        except ValueError as exc:
            raise CommandError(f"unknown framework {exc}") from exc
        self.stdout.write(f"framework {code}: {counts['created']} created, {counts['changed']} changed")
        # kpi-ranks works right after this command: the agent positions get the default scorecard of seed 002.
        self.stdout.write(f"scorecards: {load_default_scorecards()} created")
        counts = load_competencies()  # the competency dictionary and the position profiles (talent, C3)
        self.stdout.write(f"competencies: {counts['created']} created, {counts['changed']} changed")
