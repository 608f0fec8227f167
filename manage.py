#!/usr/bin/env python
"""Django's command-line utility for Verify."""

import os
import secrets
import sys

# Commands that serve requests must get SECRET_KEY from the environment (the
# settings refuse to start without it unless DEBUG). Other commands sign
# nothing that outlives them, so a one-off random key lets read-only tools such
# as `extract`, `score_sentences` and `rank_claims` run on a fresh checkout.
SERVING_COMMANDS = {"runserver", "runserver_plus", "testserver"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verify.settings")
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command not in SERVING_COMMANDS and not os.environ.get("SECRET_KEY"):
        os.environ["SECRET_KEY"] = "ephemeral-" + secrets.token_urlsafe(48)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
