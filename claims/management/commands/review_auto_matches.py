"""List, and with --restore undo, what the matching of versions before 2026-12-06 left behind.

Before the auto tier was kept for published verdicts, a claim scoring above the auto
threshold against *any* earlier claim was linked at once and, if nobody had worked on it,
dismissed as that claim's duplicate — often a claim of an unrelated article. This command
lists those links (the claim, the claim it was tied to, the score, what the link did);
``--restore`` turns each into a pending suggestion: the claim goes back to the state it had
(unless someone has moved it since), the appearance the link added is removed, and a
``match_demoted`` event in the claim's history says so. It then re-scores every pending
suggestion with the same-claim model (older ones carry the re-ranker's score, on another
scale) and declines those below the suggest threshold, each with an event. Safe to run again.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from claims.choices import ClaimStatus
from claims.models import ClaimMatch
from claims.services import matching

NOTE = "An automatic match against a claim with no published verdict, turned back into a suggestion"


class Command(BaseCommand):
    help = (
        "List (and with --restore turn into suggestions) automatic matches made against unpublished claims; "
        "--restore also re-scores pending suggestions with the same-claim model."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--restore",
            action="store_true",
            help="turn each link into a pending suggestion, restore the claims it dismissed and "
            "re-score pending suggestions",
        )
        parser.add_argument("--actor", metavar="USERNAME", help="the desk user the history names for these changes")
        parser.add_argument("--json", action="store_true", help="one JSON object per link instead of a table")

    def handle(self, *args, **options):
        actor = None
        if options["actor"]:
            actor = get_user_model().objects.filter(username=options["actor"], is_active=True).first()
            if actor is None:
                raise CommandError(f"There is no active user {options['actor']!r}.")
        links = matching.auto_links_to_unpublished()
        restored = dismissed = 0
        for match in links:
            claim = match.claim
            was_dismissed = claim.status == ClaimStatus.DISMISSED and claim.duplicate_of_id == match.matched_claim_id
            dismissed += was_dismissed
            row = {
                "match": match.pk,
                "claim": claim.pk,
                "status": claim.status,
                "matched_claim": match.matched_claim_id,
                "score": round(match.score, 3),
                "dismissed_by_it": was_dismissed,
                "claim_text": claim.text[:200],
                "matched_text": match.matched_claim.text[:200],
            }
            outcome = ""
            if options["restore"]:
                row["undone"] = matching.match_demote(match=match, note=NOTE, actor=actor)
                restored += bool(row["undone"])
                outcome = (
                    f" -> back to {row['undone']['restored']}"
                    if row["undone"].get("restored")
                    else " -> a suggestion"
                    if row["undone"]
                    else " -> left: decided by someone meanwhile"
                )
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                mark = "dismissed" if was_dismissed else claim.status
                self.stdout.write(
                    f"#{claim.pk} ({mark}) ~ #{match.matched_claim_id} score {match.score:.2f}: "
                    f"“{claim.text[:80]}” ~ “{match.matched_claim.text[:80]}”{outcome}"
                )
        summary = f"{len(links)} automatic match(es) against unpublished claims, {dismissed} of them dismissed a claim"
        if options["restore"]:
            rescored, declined = matching.matches_rescore_pending(actor=actor)
            summary += (
                f"; {restored} turned into suggestions; {rescored} pending suggestion(s) re-scored, "
                f"{declined} declined as below the suggest threshold"
            )
        else:
            pending = ClaimMatch.objects.filter(decision=ClaimMatch.Decision.PENDING).count()
            summary += f"; {pending} pending suggestion(s) to re-score"
            if links or pending:
                summary += "; run again with --restore to do it"
        self.stderr.write(summary)
