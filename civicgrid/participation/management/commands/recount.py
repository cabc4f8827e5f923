"""civicgrid recount CALL_ID: count a residents' vote (micro-project call, option vote or
election) again from its stored ballots and say whether the result agrees with the published
count (exit status 1 when it does not); an election or option vote against its stored roll."""

from django.core.management.base import BaseCommand, CommandError

from civicgrid.participation.models import Call
from civicgrid.participation.tally import recount


class Command(BaseCommand):
    help = "Count a residents' vote again from its stored ballots and compare."

    def add_arguments(self, parser):
        parser.add_argument("call", type=int, help="the call's id")

    def handle(self, *args, call, **options):
        found = Call.objects.filter(pk=call).first()
        if found is None:
            raise CommandError(f"no call has id {call}")
        if not found.tallied_at:
            raise CommandError(f"call {call} is not counted yet")
        same, again = recount(found)
        self.stdout.write(f"{again.ballots} ballots, fingerprint {again.digest}")
        if again.stands is not None:
            self.stdout.write(f"roll {found.roll}, stands: {'yes' if again.stands else 'no'}")
        for row in again.rows:
            self.stdout.write(f"{row.rank:>3} {row.proposal_id:>8} {row.votes:>8} {row.outcome}")
        if not same:
            raise CommandError("the recount differs from the published count")
        self.stdout.write(self.style.SUCCESS("the recount agrees with the published count"))
