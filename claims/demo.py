"""The demo newsroom that `make run` loads: one user per role, an outlet, the sample article."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import ExtractionJob, Outlet
from .services import ingest

DEMO_PASSWORD = "verify-demo"  # noqa: S105 - documented demo login, refused outside DEBUG
SAMPLE_ARTICLE = Path(__file__).resolve().parent / "fixtures" / "nato-no-signs-of-deescalation.txt"

# username → role (group); "admin" is also a superuser.
DEMO_USERS = [
    ("viewer", "viewer"),
    ("checker", "checker"),
    ("checker2", "checker"),
    ("editor", "editor"),
    ("editor2", "editor"),
    ("admin", "admin"),
]


@dataclass
class DemoOutcome:
    users_created: list[str]
    job: ExtractionJob


@transaction.atomic
def _users() -> list[str]:
    User = get_user_model()
    created = []
    for username, role in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.verify.local",
                "first_name": username.rstrip("2").capitalize(),
                "is_staff": True,
                "is_superuser": role == "admin",
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created.append(username)
        user.groups.add(Group.objects.get(name=role))
    return created


def load_demo() -> DemoOutcome:
    """Create (or find) the demo newsroom. Safe to run any number of times."""
    created = _users()
    outlet, _ = Outlet.objects.get_or_create(
        domain="dailymail.co.uk",
        defaults={"name": "MailOnline", "country": "GB", "language": "en", "reach": 80},
    )
    job = ingest.article_ingest(text=SAMPLE_ARTICLE.read_text(encoding="utf-8"), outlet=outlet)
    # Run it here too, so the claims are there before the server starts; the
    # queued message then finds the job done and does nothing.
    ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    return DemoOutcome(users_created=created, job=job)
