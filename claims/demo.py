"""The demo newsroom that `make run` loads: one user per role, an outlet, the sample article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Claim, ExtractionJob, Outlet
from .selectors import default_scale
from .services import ingest, workflow

DEMO_PASSWORD = "verify-demo"  # noqa: S105 - documented demo login, refused outside DEBUG
SAMPLE_ARTICLE = Path(__file__).resolve().parent / "fixtures" / "nato-no-signs-of-deescalation.txt"
SAMPLE_PUBLISHED = date(2022, 2, 16)

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
def demo_users_create() -> list[str]:
    """The demo newsroom's users (one per role, DEMO_USERS), created once; returns the names created now."""
    User = get_user_model()
    created = []
    for username, role in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.verify.local",
                "first_name": username.rstrip("2").capitalize(),
                "is_staff": role == "admin",  # the admin site is for admins only
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
    created = demo_users_create()
    outlet, _ = Outlet.objects.get_or_create(
        domain="dailymail.co.uk",
        defaults={"name": "MailOnline", "country": "GB", "language": "en", "reach": 80},
    )
    # Published the day NATO's defence ministers met in Brussels (16 February 2022), as the text says.
    job = ingest.article_ingest(
        text=SAMPLE_ARTICLE.read_text(encoding="utf-8"), outlet=outlet, published_at=SAMPLE_PUBLISHED
    )
    # Run it here too, so the claims are there before the server starts; the
    # queued message then finds the job done and does nothing.
    ingest.job_run(job_id=job.pk)
    job.refresh_from_db()
    if job.article_id:
        _publish_demo_verdicts(job.article)
    return DemoOutcome(users_created=created, job=job)


# (fragment of the claim, rating slug, headline, evidence quote, explanation (Markdown), correction note or "").
# Headlines say what the check found; the rating is shown beside them, never repeated in them.
DEMO_VERDICTS = [
    (
        "tanks are being withdrawn",
        "missing-context",
        "Videos showed some tanks leaving, while NATO saw more troops arriving",
        "NATO's Secretary General said the alliance had not seen any signs of reduced Russian military presence.",
        "Moscow's statement rests on videos of *some* armoured vehicles being loaded onto trains after drills.\n\n"
        "> What we see is that they have increased the number of troops and more troops are on their way.\n\n"
        "NATO's Secretary General said this on the same day; a withdrawal of a few units does not show a "
        "withdrawal of forces.\n\n"
        "**Sources:**\n\n"
        "- [NATO press conferences](https://www.nato.int/cps/en/natohq/press_conferences.htm)\n"
        "- [Russian Ministry of Defence](https://eng.mil.ru/)",
        "",
    ),
    (
        "2,000 NLAW",
        "true",
        "The UK supplied about 2,000 NLAW anti-tank weapons in January 2022",
        "The UK Defence Secretary told Parliament that 2,000 short-range anti-tank weapons had been sent.",
        "The **Defence Secretary** told the House of Commons that the UK had sent short-range anti-tank "
        "weapons to Ukraine, about 2,000 of them, in January 2022.\n\n"
        "**Sources:**\n\n"
        "- [Hansard, House of Commons debates](https://hansard.parliament.uk/)",
        "Added the date the deliveries were announced.",
    ),
    (
        "14,000",
        "mostly-true",
        "UN figures put conflict-related deaths at 14,200-14,400 by 2021",
        "OHCHR estimated 14,200 to 14,400 conflict-related deaths between April 2014 and 31 December 2021.",
        "The UN human rights office counts **14,200 to 14,400** conflict-related deaths from April 2014 to the "
        "end of 2021: *over 14,000* is right, but the figure covers both sides and civilians, which the "
        "claim leaves out.\n\n"
        "**Sources:**\n\n"
        "- [OHCHR: Ukraine](https://www.ohchr.org/en/countries/ukraine)",
        "",
    ),
]


def _publish_demo_verdicts(article) -> None:
    """Take three of the sample's claims through the real workflow to published (one corrected)."""

    User = get_user_model()
    checker, editor, editor2 = (User.objects.get(username=n) for n in ("checker", "editor", "editor2"))
    scale = default_scale()
    for fragment, slug, headline, quote, explanation, correction in DEMO_VERDICTS:
        claim = Claim.objects.filter(article=article, text__contains=fragment).order_by("-score").first()
        if claim is None or claim.status != "new":
            continue  # not found, or already worked on (a second `load_demo`)
        workflow.claim_triage(claim=claim, actor=checker)
        workflow.claim_assign(claim=claim, actor=checker, assignee=checker)
        evidence = workflow.evidence_add(
            claim=claim, actor=checker, source_kind="official_data", stance="context", quote=quote
        )
        workflow.verdict_save(
            claim=claim,
            actor=checker,
            rating=scale.ratings.get(slug=slug),
            headline=headline,
            explanation=explanation,
            evidence=[evidence],
        )
        workflow.claim_submit(claim=claim, actor=checker)
        workflow.verdict_approve(claim=claim, actor=editor)
        workflow.verdict_publish(claim=claim, actor=editor)
        if correction:
            # A correction by a second editor, approved by the first (the two-person rule), then published.
            workflow.verdict_correct(claim=claim, actor=editor2, note=correction)
            workflow.verdict_approve(claim=claim, actor=editor)
            workflow.verdict_publish(claim=claim, actor=editor)
