"""Issue 23, part 4: the desk's own triage decisions are labels — exported in the team's format
and turned into the queue's precision and recall at other thresholds and per-article caps."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from factories import make_article, make_claim

from claims import desk_labels
from claims.models import ClaimEvent
from claims.services import workflow


@pytest.fixture
def decided(db, users):
    article = make_article(
        text="Prices rose by 3 percent. The mayor smiled. Jobs fell by 2,000. "
        "The minister lied about the budget. Taxes rose again. Crime fell by half."
    )
    other = make_article(text="Unemployment fell to 4 percent in March, the office said.")
    claims = {
        name: make_claim(article=article, text=text, score=score, claimant="the office")
        for name, text, score in (
            ("prices", "Prices rose by 3 percent.", 0.95),
            ("mayor", "The mayor smiled.", 0.40),
            ("jobs", "Jobs fell by 2,000.", 0.70),
            ("budget", "The minister lied about the budget.", 0.85),
            ("taxes", "Taxes rose again.", 0.60),
            ("crime", "Crime fell by half.", 0.30),
        )
    }
    claims["jobless"] = make_claim(
        article=other,
        text="Unemployment fell to 4 percent in March",
        sentence="Unemployment fell to 4 percent in March, the office said.",
        score=0.9,
        claimant="the office",
    )
    checker, editor = users["checker"], users["editor"]
    workflow.claim_triage(claim=claims["prices"], actor=checker)  # taken: 2
    workflow.claim_dismiss(claim=claims["mayor"], actor=checker, reason="not_checkable")  # 0
    workflow.claim_dismiss(claim=claims["jobs"], actor=checker, reason="not_important")  # 1
    workflow.claim_dismiss(
        claim=claims["budget"], actor=checker, reason="duplicate", duplicate_of=claims["prices"]
    )  # says nothing: no label
    # Triaged, then dismissed as not important: the last decision wins.
    workflow.claim_triage(claim=claims["taxes"], actor=checker)
    workflow.claim_dismiss(claim=claims["taxes"], actor=checker, reason="not_important")
    # Dismissed, then reopened by an editor and taken up: a 2.
    workflow.claim_dismiss(claim=claims["jobless"], actor=checker, reason="not_important")
    workflow.claim_reopen(claim=claims["jobless"], actor=editor, note="It matters after all")
    # The machine's moves are not the desk's decisions.
    ClaimEvent.objects.create(
        claim=claims["crime"],
        actor=None,
        kind=ClaimEvent.Kind.MOVED,
        move="dismiss",
        from_status="new",
        to_status="dismissed",
        data={"reason": "not_checkable"},
    )
    return claims


def test_each_decided_claim_gets_the_label_of_its_last_decision(decided, users):
    checker, editor = users["checker"].get_username(), users["editor"].get_username()
    got = {d.claim_id: (d.label, d.by) for d in desk_labels.labels()}
    assert got == {
        decided["prices"].pk: (2, checker),
        decided["mayor"].pk: (0, checker),
        decided["jobs"].pk: (1, checker),
        decided["taxes"].pk: (1, checker),
        decided["jobless"].pk: (2, editor),
    }


def test_export_labels_writes_the_team_format_with_the_sentence(decided, users, tmp_path):
    out = tmp_path / "labels.jsonl"
    call_command("export_labels", "--output", str(out))
    rows = {r["claim"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    jobless = rows[decided["jobless"].pk]
    assert jobless["article"] == f"desk:{decided['jobless'].article_id}"
    assert jobless["text"] == "Unemployment fell to 4 percent in March, the office said."
    assert (jobless["label"], jobless["claimant"], jobless["by"]) == (2, "the office", users["editor"].get_username())
    claim = decided["jobless"]
    assert (jobless["start"], jobless["end"]) == (claim.sentence_start, claim.sentence_end)
    assert len(jobless["sha1"]) == 12 and jobless["score"] == 0.9
    assert rows[decided["mayor"].pk]["claimant"] == ""  # a claimant only for a 2
    assert len(rows) == 5


def test_export_labels_refuses_bad_arguments(db, tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("export_labels", "--since", "last week")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_labels", "--output", str(tmp_path / "missing-dir" / "labels.jsonl"))


def test_queue_figures_by_threshold_and_cap(decided):
    decided_labels = list(desk_labels.labels())
    by_threshold, by_cap = desk_labels.queue_figures(decided_labels, thresholds=[0.5, 0.8], caps=[1], threshold=0.5)
    # Scores: prices 0.95 (2), mayor 0.40 (0), jobs 0.70 (1), taxes 0.60 (1), jobless 0.90 (2).
    at_half, at_eight = by_threshold
    assert (at_half.queued, at_half.precision, at_half.recall) == (4, 0.5, 1.0)
    assert (at_eight.queued, at_eight.precision, at_eight.recall) == (2, 1.0, 1.0)
    # One claim an article at 0.5: prices (its article's best) and jobless.
    assert (by_cap[0].queued, by_cap[0].precision, by_cap[0].recall) == (2, 1.0, 1.0)


def test_the_settings_page_shows_the_figures_to_an_admin_only(decided, users, client):
    client.force_login(users["admin"])
    page = client.get(reverse("settings")).content.decode()
    assert 'id="figures-by-threshold"' in page and "5 claims decided by a person (2 taken up" in page
    assert '<td>≥ 0.50</td><td class="num">4</td><td class="num">0.50</td><td class="num">1.00</td>' in page
    client.force_login(users["checker"])
    assert client.get(reverse("settings")).status_code == 403


def test_corrections_are_labels_with_what_the_machine_said_and_what_the_desk_kept(db, users, tmp_path):
    """Issue 25: an edited or split claim is a decision (2; typed "not a claim" by the edit: 0), and every
    row carries the machine's standalone text, claimant and type beside the desk's, the format kept."""
    from claims.services import editing

    article = make_article(text="The Kremlin denied having any invasion plans, the agency said. Nice weather.")
    fragment = make_claim(
        article=article,
        text="having any invasion plans",
        standalone="having any invasion plans",
        claimant="the agency",
        claim_type="quantity",
        score=0.6,
    )
    weather = make_claim(
        article=article,
        text="Nice weather.",
        standalone="Nice weather.",
        claimant="the agency",
        claim_type="other",
        score=0.55,
    )
    untouched = make_claim(article=make_article(), score=0.7)
    checker = users["checker"]
    editing.claim_edit(
        claim=fragment,
        actor=checker,
        standalone="Russia has no plans to invade Ukraine",
        claimant="the Kremlin",
        claim_type="official_position",
    )
    _kept, part = editing.claim_split(
        claim=fragment,
        actor=checker,
        standalone="Russia has no plans to invade Ukraine",
        new_standalone="The Kremlin denied the reports",
    )
    editing.claim_edit(claim=weather, actor=checker, claim_type="not_a_claim")
    workflow.claim_triage(claim=untouched, actor=checker)

    out = tmp_path / "labels.jsonl"
    call_command("export_labels", "--output", str(out))
    rows = {r["claim"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {fragment.pk, part.pk, weather.pk, untouched.pk}
    row = rows[fragment.pk]
    # The team's format as before (a claimant for a 2), plus machine, desk and edited.
    assert {"article", "start", "end", "sha1", "label", "claimant", "by", "at", "text", "score", "claim"} <= set(row)
    assert (row["label"], row["claimant"], row["by"], row["edited"]) == (2, "the Kremlin", "chris", True)
    assert row["text"] == fragment.sentence
    assert row["machine"] == {
        "standalone": "having any invasion plans",
        "claimant": "the agency",
        "claim_type": "quantity",
    }
    assert row["desk"] == {
        "standalone": "Russia has no plans to invade Ukraine",
        "claimant": "the Kremlin",
        "claim_type": "official_position",
    }
    split_off = rows[part.pk]
    assert split_off["label"] == 2 and split_off["desk"]["standalone"] == "The Kremlin denied the reports"
    assert split_off["machine"]["standalone"] == "having any invasion plans"
    assert (rows[weather.pk]["label"], rows[weather.pk]["claimant"]) == (0, "")
    assert rows[weather.pk]["desk"]["claim_type"] == "not_a_claim"
    plain = rows[untouched.pk]
    assert plain["edited"] is False and plain["machine"] == plain["desk"]
