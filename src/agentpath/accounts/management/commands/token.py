from django.core.management.base import BaseCommand, CommandError

from agentpath.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Manage API bearer tokens: create --user NAME [--name LABEL] | list | revoke PREFIX"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="issue a token for a user (shown once)")
        create.add_argument("--user", required=True, help="username")
        create.add_argument("--name", default="integration", help="what the token is for")
        sub.add_parser("list", help="list tokens (prefixes only)")
        revoke = sub.add_parser("revoke", help="revoke a token by its prefix")
        revoke.add_argument("prefix")

    def handle(self, action, **opts):
        if action == "create":
            user = User.objects.filter(username=opts["user"]).first()
            if user is None:
                raise CommandError(f"no user named {opts['user']!r}")
            _, key = ApiToken.issue(user, opts["name"])
            self.stdout.write(key)
            self.stderr.write(f"Token for {user.username} ({user.get_role_display()}); it is shown only once. "
                              "Send it as: Authorization: Bearer <token>")
        elif action == "list":
            for t in ApiToken.objects.select_related("user").order_by("created_at"):
                state = "revoked" if t.revoked else "active"
                self.stdout.write(f"{t.prefix}…  {t.user.username:<12} {t.name:<20} {state}  last used {t.last_used_at}")
        else:
            n = ApiToken.objects.filter(prefix=opts["prefix"], revoked=False).update(revoked=True)
            if not n:
                raise CommandError(f"no active token with prefix {opts['prefix']!r}")
            self.stdout.write(f"revoked {n} token(s)")
