"""Whether the search cluster answers, its breaker's state and the changes it has not got yet;
`--send` sends those now (for cron; the site also sends them by itself when the cluster is
back, see search/cluster.py)."""

from django.core.management.base import BaseCommand
from wagtail.search.backends import get_search_backend

from search.breaker import CLOSED, OPEN
from search.cluster import GuardedCluster
from search.models import PendingSearchUpdate

SHOWN = 10


class Command(BaseCommand):
    help = "Say whether the search cluster is up, its breaker's state and what is pending."

    def add_arguments(self, parser):
        parser.add_argument(
            "--send", action="store_true", help="send the pending changes to the cluster now"
        )

    def handle(self, *args, send=False, **options):
        backend = get_search_backend()
        if not isinstance(backend, GuardedCluster):
            self.stdout.write("search: the database backend (no cluster configured)")
            return
        self.stdout.write(f"cluster: {backend.breaker.name} ({type(backend).__mro__[2].__name__})")
        self.stdout.write(f"cluster answers: {'yes' if self._answers(backend) else 'no'}")
        state, left = backend.breaker.state()
        if state == OPEN:
            self.stdout.write(f"breaker: open (the database answers; probe in {left:.0f} s)")
        elif state == CLOSED:
            self.stdout.write("breaker: closed (searches go to the cluster)")
        else:
            self.stdout.write("breaker: half-open (the next search probes the cluster)")
        if send:
            sent = backend.send_pending()
            self.stdout.write(f"sent: {sent}")
        pending = PendingSearchUpdate.objects.all()
        count = pending.count()
        if not count:
            self.stdout.write("pending: none")
            return
        oldest = pending.first().queued_at
        self.stdout.write(f"pending: {count} (the oldest since {oldest:%Y-%m-%d %H:%M:%S %Z})")
        for row in pending[:SHOWN]:
            self.stdout.write(f"  {row.model} {row.object_id}")
        if count > SHOWN:
            self.stdout.write(f"  … and {count - SHOWN} more")

    def _answers(self, backend):
        try:
            return bool(backend.es.ping())
        except Exception:  # ping says False for most failures; a few clients raise
            return False
