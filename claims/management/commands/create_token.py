from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.models import ApiToken
from claims.services.tokens import token_create
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create an API token for USERNAME; the token is printed as the last line (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scopes", default="read", help="Comma-separated: read,ingest,review,publish")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--service", action="store_true",
                            help="A service token (an integration's, not tied to a person's session)")

    def handle(self, *args, username, scopes="read", name="command line", service=False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            token, raw = token_create(
                user=user, name=name, scopes=[s.strip() for s in scopes.split(",") if s.strip()],
                kind=ApiToken.Kind.SERVICE if service else ApiToken.Kind.PERSONAL,
            )
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{token.kind.capitalize()} token {token.prefix}… for {username} "
                          f"with scopes {', '.join(token.scopes)}:")
        self.stdout.write(raw)
