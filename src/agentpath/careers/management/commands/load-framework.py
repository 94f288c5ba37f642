from django.core.management.base import BaseCommand, CommandError

from agentpath.careers.services import load_framework


class Command(BaseCommand):
    help = "Load a default career framework. 'cola': the Customer Operations Career Roadmap (seed 000), the VIP " \
           "customer-manager track (seed 002) and the management ladder (seed 003). Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("code", choices=["cola"])

    def handle(self, code, **options):
        try:
            counts = load_framework(code)
        except ValueError as exc:
            raise CommandError(f"unknown framework {exc}") from exc
        self.stdout.write(f"framework {code}: {counts['created']} created, {counts['changed']} changed")
