"""Forms of reader requests: the public /ask/ form (and its embed) and the desk's ban form."""

from __future__ import annotations

from django import forms

from .forms import IdField
from .services.requests import LANGUAGES, MAX_DECISION_NOTE, MAX_SEEN_WHERE, MAX_TEXT


class AskForm(forms.Form):
    text = forms.CharField(
        label="The claim, in your words",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_TEXT}),
    )
    url = forms.CharField(
        label="A link to it (optional)",
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )
    seen_where = forms.CharField(label="Where did you see it? (optional)", required=False, max_length=MAX_SEEN_WHERE)
    language = forms.ChoiceField(label="Language", choices=[("", "—"), *LANGUAGES], required=False)
    email = forms.EmailField(label="Your email, to get the answer (optional)", required=False, max_length=254)
    consent = forms.BooleanField(
        label="Email me the answer once. Keep my address only for that, at most 90 days.", required=False
    )
    token = forms.CharField(widget=forms.HiddenInput)
    # A field people never see (hidden) and bots fill in.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class BanForm(forms.Form):
    reason = forms.CharField(max_length=MAX_DECISION_NOTE)


class DetachForm(forms.Form):
    note = forms.CharField(max_length=MAX_DECISION_NOTE, required=False)


class AttachForm(forms.Form):
    claim = IdField()
    note = forms.CharField(max_length=MAX_DECISION_NOTE, required=False)
