"""List, and with --restore undo, the automatic matches made against unpublished claims.

Before the auto tier was kept for published verdicts, a claim scoring above the auto
threshold against *any* earlier claim was linked at once and, if nobody had worked on it,
dismissed as that claim's duplicate — often a claim of an unrelated article. This command
lists those links (the claim, the claim it was tied to, the score, what the link did);
``--restore`` turns each into a pending suggestion: the claim goes back to the state it had
(unless someone has moved it since), the appearance the link added is removed, and a
``match_demoted`` event in the claim's history says so. Safe to run again: a link already
restored is no longer listed.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from claims.choices import ClaimStatus
from claims.services import matching

NOTE = "An automatic match against a claim with no published verdict, turned back into a suggestion"


class Command(BaseCommand):
    help = "List (and with --restore turn into suggestions) automatic matches made against unpublished claims."

    def add_arguments(self, parser):
        parser.add_argument("--restore", action="store_true",
                            help="turn each link into a pending suggestion and restore the claims it dismissed")
        parser.add_argument("--json", action="store_true", help="one JSON object per link instead of a table")

    def handle(self, *args, **options):
        links = matching.auto_links_to_unpublished()
        restored = dismissed = 0
        for match in links:
            claim = match.claim
            was_dismissed = claim.status == ClaimStatus.DISMISSED and claim.duplicate_of_id == match.matched_claim_id
            dismissed += was_dismissed
            row = {"match": match.pk, "claim": claim.pk, "status": claim.status, "matched_claim": match.matched_claim_id,
                   "score": round(match.score, 3), "dismissed_by_it": was_dismissed,
                   "claim_text": claim.text[:200], "matched_text": match.matched_claim.text[:200]}
            if options["restore"]:
                row["undone"] = matching.match_demote(match=match, note=NOTE)
                restored += bool(row["undone"])
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                mark = "dismissed" if was_dismissed else claim.status
                self.stdout.write(f"#{claim.pk} ({mark}) ~ #{match.matched_claim_id} score {match.score:.2f}: "
                                  f"“{claim.text[:80]}” ~ “{match.matched_claim.text[:80]}”"
                                  + (f" -> {row['undone'].get('restored', 'suggestion')}" if options["restore"] else ""))
        summary = f"{len(links)} automatic match(es) against unpublished claims, {dismissed} of them dismissed a claim"
        if options["restore"]:
            summary += f"; {restored} turned into suggestions"
        elif links:
            summary += "; run again with --restore to turn them into suggestions"
        self.stderr.write(summary)
