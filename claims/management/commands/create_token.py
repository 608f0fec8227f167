from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.services.tokens import token_create
from verify.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Create an API token for USERNAME; the token is printed as the last line (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scopes", default="read", help="Comma-separated: read,ingest,review,publish")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, username, scopes="read", name="command line", **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        try:
            token, raw = token_create(user=user, name=name, scopes=[s.strip() for s in scopes.split(",") if s.strip()])
        except ApplicationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Token {token.prefix}… for {username} with scopes {', '.join(token.scopes)}:")
        self.stdout.write(raw)
