"""A page's inputs allow what their form allows: the limits are the forms' own, passed to the
templates, never a number copied into them (issue 24)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from factories import make_claim, reader_asks

from claims.api.serializers.requests import DetachSerializer
from claims.errors import InvalidInput
from claims.forms import RatingForm
from claims.forms_requests import AttachForm, BanForm, DetachForm
from claims.models import ReaderRequest
from claims.services import requests as reader_requests


def test_the_rating_inputs_of_the_settings_page_take_the_forms_limits(client, users):
    client.force_login(users["admin"])
    page = client.get(reverse("settings")).content.decode()
    label, description = RatingForm.base_fields["label"], RatingForm.base_fields["description"]
    assert f'maxlength="{label.max_length}" required aria-label="Label of ' in page
    assert f'maxlength="{description.max_length}" class="wide" aria-label="Description of ' in page


def test_the_requests_view_takes_its_decisions_limits_from_their_forms(
    client, users, django_capture_on_commit_callbacks
):
    asked = reader_asks(django_capture_on_commit_callbacks, "The new bridge cost twice the budget the city announced")
    claim = make_claim()
    ReaderRequest.objects.filter(pk=asked.pk).update(claim=claim)  # grouped with a claim: it can be detached
    client.force_login(users["editor"])
    page = client.get(reverse("requests")).content.decode()
    reason, note = BanForm.base_fields["reason"], DetachForm.base_fields["note"]
    assert f'<input name="reason" required maxlength="{reason.max_length}" placeholder="Why ban this sender"' in page
    assert f'<input name="note" maxlength="{note.max_length}" placeholder="Why it is not about #{claim.pk}"' in page


def test_an_editors_note_on_a_request_has_one_limit_for_the_desk_the_api_and_the_service(db, users):
    """The ban, detach and attach forms, the API's detach note and the service's own check read one number."""
    limit = reader_requests.MAX_DECISION_NOTE
    assert BanForm.base_fields["reason"].max_length == limit
    assert DetachForm.base_fields["note"].max_length == limit
    assert AttachForm.base_fields["note"].max_length == limit
    assert DetachSerializer().fields["note"].max_length == limit
    with pytest.raises(InvalidInput, match=f"the limit is {limit}"):
        reader_requests.request_detach(actor=users["editor"], request=1, note="x" * (limit + 1))
