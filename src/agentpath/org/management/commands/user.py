"""agentpath user create --role ROLE --employee NO [--username NAME] [--centers sz,gz] [--password-stdin]

A sign-in for a person of the roster. The password is asked twice at the terminal, or read from the first line
of standard input with --password-stdin (for scripts); it is never taken from the command line, where other
users of the machine and the shell history would see it.
"""
import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from agentpath.accounts.models import Role
from agentpath.org.users import create_user


class Command(BaseCommand):
    help = "Manage users: create --role ROLE --employee NO [--username NAME] [--centers CODE,CODE] [--password-stdin]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a user for a person of the roster, with a role")
        create.add_argument("--role", required=True,
                            help="one of: " + ", ".join(f"{value} ({label})" for value, label in Role.choices))
        create.add_argument("--employee", default="", metavar="NO", help="the person's employee number")
        create.add_argument("--username", default="", help="the sign-in name (default: the employee number)")
        create.add_argument("--centers", default="", metavar="CODE,CODE",
                            help="center managers, QA and trainers: the centers they serve (default: their own)")
        create.add_argument("--password-stdin", action="store_true",
                            help="read the password from the first line of standard input instead of asking")

    def handle(self, *args, action, role, employee, username, centers, password_stdin, **options):
        password = self._password(password_stdin)
        codes = [code.strip() for code in centers.split(",") if code.strip()]
        try:
            user = create_user(role=role, employee_no=employee.strip(), username=username.strip(),
                               center_codes=codes, password=password)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages), returncode=1) from exc
        served = ", ".join(user.centers.values_list("code", flat=True))
        self.stdout.write(self.style.SUCCESS(
            _("Created user %(user)s with role %(role)s%(employee)s%(centers)s.")
            % {"user": user.username, "role": user.get_role_display(),
               "employee": (_(" for %(no)s %(name)s") % {"no": user.employee.employee_no, "name": user.employee.name})
               if user.employee_id else "",
               "centers": (_(", serving %(codes)s") % {"codes": served}) if served else ""}))

    def _password(self, from_stdin: bool) -> str:
        if from_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError(_("--password-stdin read an empty line; give the password on standard input."),
                                   returncode=1)
            return password
        if not sys.stdin.isatty():
            raise CommandError(_("There is no terminal to ask the password at; give it on standard input with "
                                 "--password-stdin."), returncode=1)
        password = getpass.getpass(_("Password: "))
        if password != getpass.getpass(_("Password (again): ")):
            raise CommandError(_("The two passwords differ; nothing was created."), returncode=1)
        return password
