from django.core.management.base import BaseCommand, CommandError

from jkp_portal.accounts.roles import Role
from jkp_portal.accounts.services import user_create
from jkp_portal.common.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create a portal user with one or more roles (ops bootstrap)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password", required=True)
        parser.add_argument("--role", action="append", required=True, choices=Role.values, dest="roles")
        parser.add_argument("--nik", help="link a worker to the participant registry by NIK")
        parser.add_argument("--office", help="office code for staff")
        parser.add_argument("--employer", help="employer NPP for the employer role", default="")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--regency", action="append", default=[], help="mediator/konselor area (repeatable)")

    def handle(self, *args, **opts):
        try:
            user = user_create(
                username=opts["username"],
                password=opts["password"],
                roles=opts["roles"],
                email=opts["email"],
                first_name=opts["first_name"],
                last_name=opts["last_name"],
                nik=opts["nik"],
                office_code=opts["office"],
                employer_npp=opts["employer"],
                area_regencies=opts["regency"],
                actor="manage.py create_portal_user",
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(f"created {user.username} with roles {', '.join(user.roles)}"))
