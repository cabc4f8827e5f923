"""Print the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from civicgrid.demo.generator import demo_accounts
from civicgrid.demo.staff import staff_list


class Command(BaseCommand):
    help = "Print the demo accounts, one per role, and their password."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="also list the other demo people: every unit's dispatcher, handler, mediator…",
        )

    def handle(self, **options):
        rows = demo_accounts()
        if not rows:
            self.stdout.write(_("No demo accounts exist."))
            return
        port = settings.CIVICGRID_PORT
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                _("civicgrid is starting on http://127.0.0.1:%(port)s") % {"port": port}
            )
        )
        self.stdout.write(
            _("Demo accounts (password: %(pw)s)") % {"pw": settings.CIVICGRID_DEMO_PASSWORD}
        )
        width = max(len(r[0]) for r in rows)
        for username, role, unit in rows:
            self.stdout.write(f"  {username.ljust(width)}  {role}  ·  {unit}")
        others = staff_list()
        if options["all"]:
            self.stdout.write(_("Every unit's people (same password):"))
            width = max((len(r[0]) for r in others), default=0)
            for username, name, role, unit in others:
                self.stdout.write(f"  {username.ljust(width)}  {name}  {role}  ·  {unit}")
        elif others:
            self.stdout.write(
                _("%(n)s more people sit in the units: civicgrid demo_accounts --all lists them.")
                % {"n": len({r[0] for r in others})}
            )
        self.stdout.write("")
