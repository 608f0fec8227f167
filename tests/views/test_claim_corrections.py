"""Issue 25 items 1 and 2 on the desk's pages: a checker corrects the claim (edit, split, merge) with
the machine's words shown beside the edit; a page offers only the moves the user can make now; no
form chooses a rating, stance, source kind or dismiss reason for the user."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from factories import claim_in_state, make_article, make_claim, rating

from claims.models import Claim, ClaimEvent, Evidence, Verdict


def squash(html: str) -> str:
    return re.sub(r"\s+", " ", html)


@pytest.fixture
def fragment(db):
    article = make_article(text="The Kremlin denied having any invasion plans, the agency said.")
    return make_claim(
        article=article,
        text="having any invasion plans",
        standalone="having any invasion plans",
        claimant="the agency",
        claim_type="quantity",
    )


def test_a_checker_corrects_the_claim_and_sees_what_the_machine_said(client, users, fragment):
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[fragment.pk])).content.decode()
    assert f'action="/claims/{fragment.pk}/edit/"' in page and "Machine said" not in page
    response = client.post(
        reverse("claim_edit", args=[fragment.pk]),
        {
            "version": 1,
            "standalone": "Russia has no plans to invade Ukraine",
            "claimant": "the Kremlin",
            "claim_type": "official_position",
            "note": "A fragment",
        },
    )
    assert response.status_code == 302
    page = squash(client.get(reverse("claim", args=[fragment.pk])).content.decode())
    assert '<h1 class="standalone">Russia has no plans to invade Ukraine</h1>' in page
    assert "<dt>Machine said</dt><dd><del>having any invasion plans</del></dd>" in page
    assert "<dt>Machine's claimant</dt><dd><del>the agency</del></dd>" in page
    assert "<dt>Machine's type</dt><dd><del>Quantity or statistic</del></dd>" in page
    assert "Claim corrected." in page
    # The history says what changed, in the page's words.
    assert "claimant: “the agency” → “the Kremlin”" in page
    assert "type: “Quantity or statistic” → “Official position”" in page


def test_a_bad_correction_is_a_form_error_that_keeps_what_was_typed(client, users, fragment):
    client.force_login(users["checker"])
    response = client.post(
        reverse("claim_edit", args=[fragment.pk]),
        {"version": 1, "standalone": "Russia has no plans", "claimant": "", "claim_type": "official_position"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and "Russia has no plans" in page
    response = client.post(
        reverse("claim_edit", args=[fragment.pk]),
        {"version": 1, "standalone": "having any invasion plans", "claimant": "the agency", "claim_type": "quantity"},
    )
    assert response.status_code == 400 and "Nothing to change" in response.content.decode()
    assert Claim.objects.get(pk=fragment.pk).edited_at is None


def test_a_stale_correction_is_refused_showing_what_changed_and_keeping_what_was_typed(client, users, fragment):
    from claims.services import workflow

    workflow.claim_triage(claim=fragment, actor=users["checker2"], note="Worth a look")  # version 2 now
    client.force_login(users["checker"])
    response = client.post(
        reverse("claim_edit", args=[fragment.pk]),
        {
            "version": 1,
            "standalone": "Russia has no plans to invade Ukraine",
            "claimant": "the Kremlin",
            "claim_type": "quantity",
        },
    )
    page = squash(response.content.decode())
    assert response.status_code == 409 and "changed by someone else" in page
    assert "Your change was not saved:</strong> edit the claim" in page and "Worth a look" in page
    assert 'value="the Kremlin"' in page and '<input type="hidden" name="version" value="2"' in page
    assert Claim.objects.get(pk=fragment.pk).edited_at is None


def test_viewers_cannot_correct_claims_and_do_not_see_the_forms(client, users, fragment):
    client.force_login(users["viewer"])
    assert 'class="card claim-edit"' not in client.get(reverse("claim", args=[fragment.pk])).content.decode()
    response = client.post(
        reverse("claim_edit", args=[fragment.pk]),
        {"version": 1, "standalone": "x", "claimant": "y", "claim_type": "quantity"},
    )
    assert response.status_code == 403


def test_split_and_merge_from_the_claim_page(client, users, fragment):
    client.force_login(users["checker"])
    response = client.post(
        reverse("claim_split", args=[fragment.pk]),
        {
            "version": 1,
            "standalone": "Russia has no plans to invade Ukraine",
            "new_standalone": "The Kremlin denied the reports",
            "new_claimant": "",
            "new_claim_type": "",
        },
    )
    assert response.status_code == 302
    part = Claim.objects.exclude(pk=fragment.pk).get()
    assert (part.headline, part.claimant, part.claim_type) == (
        "The Kremlin denied the reports",
        "the agency",
        "quantity",
    )
    assert f"The new claim is #{part.pk}" in client.get(reverse("claim", args=[fragment.pk])).content.decode()
    # The split-off part turns out to say the same as another claim: merge it into that one.
    other = make_claim(article=make_article())
    response = client.post(reverse("claim_merge", args=[part.pk]), {"version": 1, "into": other.pk})
    assert response.status_code == 302
    part.refresh_from_db()
    assert (part.status, part.duplicate_of_id) == ("dismissed", other.pk)
    page = client.get(reverse("claim", args=[part.pk])).content.decode()
    assert f'(duplicate of <a href="/claims/{other.pk}/">#{other.pk}</a>)' in page
    response = client.post(reverse("claim_merge", args=[fragment.pk]), {"version": 2, "into": ""})
    assert response.status_code == 400 and "Name the claim to keep" in response.content.decode()
    response = client.post(reverse("claim_merge", args=[fragment.pk]), {"version": 2, "into": part.pk})
    assert response.status_code == 400 and f"Claim #{part.pk} is dismissed" in response.content.decode()


# --- Controls that follow the state ---------------------------------------------------------


def buttons(client, claim) -> set[str]:
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    return set(re.findall(r'<button type="submit" class="btn-([a-z_]+)"', page))


def test_the_claim_page_shows_only_the_moves_the_user_can_make_now(client, users):
    checker, editor, editor2 = users["checker"], users["editor"], users["editor2"]
    mine = claim_in_state("in_review", checker=checker, editor=editor)
    client.force_login(checker)
    assert buttons(client, mine) >= {"dismiss", "submit"} and "assign" not in buttons(client, mine)
    waiting = claim_in_state("awaiting_approval", checker=checker, editor=editor)
    client.force_login(editor)
    moves = buttons(client, waiting)
    assert {"approve", "request_changes"} <= moves and "publish" not in moves
    approved = claim_in_state("approved", checker=checker, editor=editor)
    client.force_login(editor2)
    moves = buttons(client, approved)
    assert "approve" not in moves and "publish" in moves
    client.force_login(users["viewer"])
    assert not buttons(client, approved) - {"edit", "split", "merge"}


def test_no_verdict_without_a_chosen_rating(client, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker"])
    client.post(reverse("claim_move", args=[claim.pk, "assign"]), {"version": 2})
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    select = re.search(r'<select name="rating"[^>]*id="id_rating">(.*?)</select>', page, re.S).group(1)
    assert re.search(r'<option value="" selected>Choose…</option>', select)
    response = client.post(reverse("claim_verdict", args=[claim.pk]), {"verdict_version": 0, "headline": "False: no"})
    assert response.status_code == 400 and "Choose a rating" in response.content.decode()
    assert not Verdict.objects.filter(claim=claim).exists()


def test_no_evidence_without_a_chosen_source_kind_and_stance(client, users):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    for name in ("source_kind", "stance"):
        select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
        assert re.search(r'<option value="" selected>Choose…</option>', select), name
    response = client.post(reverse("claim_evidence", args=[claim.pk]), {"quote": "A quote"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the kind of source." in page and "Choose whether it supports, refutes or adds context." in page
    assert not Evidence.objects.filter(claim=claim).exists()


def test_no_dismissal_without_a_chosen_reason(client, users):
    claim = make_claim()
    client.force_login(users["checker"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert '<select name="reason" required><option value="">Choose…</option>' in page
    response = client.post(reverse("claim_move", args=[claim.pk, "dismiss"]), {"version": 1}, follow=True)
    assert "Choose why the claim is dismissed" in response.content.decode()
    queue = client.get(reverse("queue")).content.decode()
    assert '<select name="reason"><option value="">Choose…</option>' in queue
    assert '<select name="reason" id="dismiss-reason" required><option value="">Choose…</option>' in queue
    response = client.post(reverse("queue_bulk"), {"action": "dismiss", "claims": [claim.pk]}, follow=True)
    assert "Choose why the claims are dismissed" in response.content.decode()
    assert '<select name="action"><option value="">Choose…</option>' in queue
    response = client.post(reverse("queue_bulk"), {"action": "", "claims": [claim.pk]}, follow=True)
    assert "Choose what to do with the selected claims." in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "new"
    assert not ClaimEvent.objects.filter(claim=claim, move="dismiss").exists()


def test_the_correction_form_keeps_the_published_rating(client, users):
    """Not a default: the correct move's rating starts at the verdict's own rating."""
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    client.force_login(users["editor"])
    page = client.get(reverse("claim", args=[claim.pk])).content.decode()
    assert f'<option value="{rating("false").pk}" selected>False</option>' in page


# --- A correction never publishes an empty explanation --------------------------------------------


@pytest.fixture
def published(db, users):
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    verdict = Verdict.objects.get(claim=claim)
    verdict.explanation = "The council's own table says **2,000** homes."
    verdict.save(update_fields=["explanation"])
    verdict.public_version.explanation = verdict.explanation  # as if published so
    verdict.public_version.save(update_fields=["explanation"])
    return claim


@pytest.mark.parametrize("cleared", ["", "   \n  "])
def test_a_correction_that_empties_the_explanation_is_refused_in_the_desk(client, users, published, cleared):
    client.force_login(users["editor"])
    response = client.post(
        reverse("claim_move", args=[published.pk, "correct"]),
        {
            "version": Claim.objects.get(pk=published.pk).version,
            "rating": rating("mostly-false").pk,
            "headline": "Mostly false: 2,100",
            "explanation": cleared,
            "note": "The figure",
        },
        follow=True,
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Done: correct." not in page
    # Said in the correction's own form, with what was typed kept.
    form = page[page.index(f'<form method="post" action="/claims/{published.pk}/move/correct/"') :]
    form = form[: form.index("</form>")]
    assert '<p class="error" role="alert" data-move-error>A corrected verdict needs an explanation' in form
    assert 'value="Mostly false: 2,100"' in form and 'value="The figure"' in form
    assert f'<option value="{rating("mostly-false").pk}" selected>' in form
    claim = Claim.objects.get(pk=published.pk)
    verdict = Verdict.objects.get(claim=published)
    assert claim.status == "published" and verdict.explanation == "The council's own table says **2,000** homes."
    assert not verdict.versions.filter(kind="draft", note="The figure").exists()
    assert "2,000" in client.get(reverse("public_verdict", args=[published.pk])).content.decode()


def test_a_correction_that_changes_the_explanation_waits_and_publishes_it_with_the_note(client, users, published):
    client.force_login(users["editor"])
    client.post(
        reverse("claim_move", args=[published.pk, "correct"]),
        {
            "version": Claim.objects.get(pk=published.pk).version,
            "rating": rating("mostly-false").pk,
            "headline": "Mostly false",
            "explanation": "The table says [2,100](https://data.example.org/t).",
            "note": "The figure was 2,100",
        },
    )
    assert Verdict.objects.get(claim=published).explanation == "The table says [2,100](https://data.example.org/t)."
    client.force_login(users["editor2"])
    for move in ("approve", "publish"):
        client.post(
            reverse("claim_move", args=[published.pk, move]), {"version": Claim.objects.get(pk=published.pk).version}
        )
    public = client.get(reverse("public_verdict", args=[published.pk])).content.decode()
    assert '<a href="https://data.example.org/t"' in public and "The figure was 2,100" in public


def test_the_service_refuses_a_blank_explanation_whoever_calls_it(users, published):
    from claims.errors import InvalidInput
    from claims.services import workflow

    with pytest.raises(InvalidInput, match="needs an explanation"):
        workflow.verdict_correct(claim=published, actor=users["editor"], note="x", explanation=" \n ")
    # Left out, the published explanation stays.
    workflow.verdict_correct(claim=published, actor=users["editor"], note="The rating", rating=rating("mostly-false"))
    assert Verdict.objects.get(claim=published).explanation == "The council's own table says **2,000** homes."


# --- The claim page's "Also appears in" ------------------------------------------------------------


def test_also_appears_in_links_each_other_article_once_and_lists_the_same_articles_sentences(client, users):
    from datetime import UTC, datetime

    from claims.models import Appearance, Outlet

    outlet = Outlet.objects.create(name="Daily Example", domain="daily.example.org")
    home = make_article(text="The council said 2,400 homes flooded. Later it said 2,400 homes flooded again.")
    claim = make_claim(article=home, text="2,400 homes flooded")
    later = make_article(
        url="https://daily.example.org/floods",
        title="Floods: the count",
        published_at=datetime(2026, 3, 4, 9, tzinfo=UTC),
        outlet=outlet,
    )
    bare = make_article(title="Pasted text, no address")

    def appear(article, start, claimant="the council"):
        Appearance.objects.create(
            claim=claim,
            article=article,
            sentence="2,400 homes flooded",
            start=start,
            end=start + 19,
            sentence_start=start,
            sentence_end=start + 19,
            claimant=claimant,
        )

    appear(home, claim.start)  # the claim itself: never listed
    appear(home, 60, "the mayor")
    appear(later, 0)
    appear(later, 40)  # a second place in the same other article: one entry
    appear(bare, 0)
    client.force_login(users["checker"])
    page = squash(client.get(reverse("claim", args=[claim.pk])).content.decode())
    section = page[
        page.index('<section class="appearances"') : page.index("</section>", page.index('class="appearances"'))
    ]
    assert '<h2 id="appearances-title">Also appears in</h2>' in section and "<h3>2 other articles</h3>" in section
    assert section.count("<li data-article=") == 2
    assert (
        f'<li data-article="{later.pk}"><a href="/articles/{later.pk}/">Floods: the count</a> (Daily Example), '
        '4 Mar 2026 · <a class="appearance-link" href="https://daily.example.org/floods"'
    ) in section
    assert (
        f'<li data-article="{bare.pk}"><a href="/articles/{bare.pk}/">Pasted text, no address</a> — the council'
        in section
    )
    assert "<h3>In the same article</h3>" in section and "— the mayor</li>" in section
    assert section.count("<li>") == 1  # the mayor's sentence; not the claim's own place


def test_a_claim_made_only_once_has_no_also_appears_in(client, users):
    claim = make_claim()
    client.force_login(users["checker"])
    assert "Also appears in" not in client.get(reverse("claim", args=[claim.pk])).content.decode()
