from django.core.management.base import BaseCommand, CommandError

from claims.models import Outlet
from claims.services import feeds
from claims.services.ingest import outlet_for
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Follow an RSS or Atom feed: every new item becomes an article (polled by the beat scheduler)."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--interval", type=int, default=30, help="Minutes between polls (5-10080)")
        parser.add_argument("--outlet", default="", help="Outlet domain (default: the feed's host)")
        parser.add_argument("--poll", action="store_true", help="Poll once now, here, and report")

    def handle(self, *args, url, interval=30, outlet="", poll=False, **options):
        try:
            outlet_row = (
                Outlet.objects.filter(domain=outlet.lower().removeprefix("www.")).first()
                if outlet
                else outlet_for(url=url)
            )
            if outlet and outlet_row is None:
                raise CommandError(f"No outlet with domain {outlet!r}.")
            feed, created = feeds.feed_add(url=url, outlet=outlet_row, interval_minutes=interval)
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{'Following' if created else 'Already following'} feed {feed.pk}: {feed.url}")
        if poll:
            outcome = feeds.feed_poll(feed_id=feed.pk)
            if outcome.error:
                raise CommandError(f"Polling failed: {outcome.error}")
            self.stdout.write(f"{outcome.new_items} new items, jobs {outcome.jobs}")
