from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from claims.models import ApiToken
from claims.services.tokens import token_create
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create an API token for USERNAME; the token is printed as the last line (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scopes", default="read", help="Comma-separated: read,ingest,review,publish")
        parser.add_argument("--name", default="command line")
        parser.add_argument(
            "--service", action="store_true", help="A service token (an integration's, not tied to a person's session)"
        )
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="Days until the token stops working (default: it never expires)",
        )

    def handle(
        self, *args, username, scopes="read", name="command line", service=False, expires_in_days=None, **options
    ):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if expires_in_days is not None and not 1 <= expires_in_days <= 3650:
            raise CommandError("--expires-in-days must be from 1 to 3650.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        try:
            token, raw = token_create(
                user=user,
                name=name,
                scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                kind=ApiToken.Kind.SERVICE if service else ApiToken.Kind.PERSONAL,
                expires_at=expires_at,
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{token.kind.capitalize()} token {token.prefix}… for {username} with scopes {', '.join(token.scopes)}:"
        )
        self.stdout.write(raw)
