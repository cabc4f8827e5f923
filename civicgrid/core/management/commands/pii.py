"""``civicgrid pii new-key | index-key | status | rotate``: the personal-data keys (decision 0016).

Rotation: put a new key first in ``CIVICGRID_PII_KEY`` (keep the old ones after it), restart, run
``civicgrid pii rotate`` until ``civicgrid pii status`` shows nothing left under an old key, then
the old keys can be removed (set ``CIVICGRID_PII_INDEX_KEY`` first when the oldest one goes).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civicgrid.core import pii, pii_rotation


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]  # Django shows a lazy help in its language
        "Personal-data keys: make a key, show the blind-index key, count stored values by key, "
        "re-encrypt stored values with the current key."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("new-key", help=_("print a fresh key for CIVICGRID_PII_KEY"))
        sub.add_parser(
            "index-key",
            help=_("print the blind-index key for CIVICGRID_PII_INDEX_KEY"),
        )
        sub.add_parser("status", help=_("count stored values by the key that encrypted them"))
        rotate = sub.add_parser(
            "rotate", help=_("re-encrypt every stored value with the first key (resumable)")
        )
        rotate.add_argument("--batch", type=int, default=pii_rotation.BATCH)

    def handle(self, *args, action, **options):
        if action == "new-key":
            self.stdout.write(pii.new_key())
        elif action == "index-key":
            self.stdout.write(pii.index_key())
        elif action == "status":
            self.status()
        else:
            self.rotate(options["batch"])

    def status(self) -> None:
        self.stdout.write(
            _("column: current key / older AES-GCM key / Fernet (before decision 0016) / empty")
        )
        for column, now, aes, fernet, empty in pii_rotation.status():
            self.stdout.write(f"{column}: {now} / {aes} / {fernet} / {empty}")

    def rotate(self, batch: int) -> None:
        def progress(counts):
            if counts.rows % (batch * 20) < batch:
                self.stdout.write(
                    _("%(rows)s rows read, %(done)s rewritten")
                    % {"rows": counts.rows, "done": counts.rewritten}
                )

        counts = pii_rotation.rotate(batch=batch, on_batch=progress)
        for column, n in sorted(counts.by_column.items()):
            self.stdout.write(
                _("%(column)s: %(n)s values re-encrypted") % {"column": column, "n": n}
            )
        self.stdout.write(
            _("%(rows)s rows read, %(values)s values, %(done)s rows rewritten.")
            % {"rows": counts.rows, "values": counts.values, "done": counts.rewritten}
        )
        if counts.failed:
            raise CommandError(
                _(
                    "%(n)s values could not be opened with the configured keys and were left as "
                    "they are: add the key that encrypted them to CIVICGRID_PII_KEY and run again."
                )
                % {"n": counts.failed}
            )
