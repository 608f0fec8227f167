"""Forms of the review desk: they validate shape only; services do the work."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from .choices import ClaimStatus, ClaimType, DismissReason, EvidenceKind, Stance
from .models import Claim, Evidence, Notification, Outlet, Rating
from .moves import Move
from .selectors import default_scale

MAX_NOTE = 5000
# A verdict's headline and explanation (the verdict form, a correction's form on the claim page).
MAX_HEADLINE = 300
MAX_EXPLANATION = 20000
# The empty first option of a choice the user must make: nothing is chosen for them (issue 25).
CHOOSE = "Choose…"
# Ids fit a signed 64-bit column; anything larger is refused by the form, so an
# absurd id never reaches an ``__in`` lookup (which would raise OverflowError).
MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """Whether ``value`` (a string from a form) is a database id: 1..2**63-1 in plain digits."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 19 and 1 <= int(text) <= MAX_ID


class IdField(forms.IntegerField):
    """An optional-or-required database id: a positive integer that fits the column."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdsModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses values that are not ids before they reach the ``pk__in`` lookup."""

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class QueueFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search")
    status = forms.ChoiceField(required=False, choices=[("", "Any state"), *ClaimStatus.choices])
    claim_type = forms.ChoiceField(required=False, choices=[("", "Any type"), *ClaimType.choices], label="Type")
    assignee = forms.ChoiceField(required=False, label="Assignee")
    outlet = forms.ModelChoiceField(required=False, queryset=Outlet.objects.order_by("name"), empty_label="Any outlet")
    min_score = forms.FloatField(required=False, min_value=0, max_value=1, label="Score ≥")
    date_from = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.BooleanField(required=False, label="Include low scores")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True, groups__permissions__codename="review_claim").distinct()
        self.fields["assignee"].choices = [("", "Anyone"), ("me", "Me"), ("none", "Unassigned")] + [
            (str(u.pk), u.get_username()) for u in users.order_by("username")
        ]


# A file's name before any ".gz": what the upload may be (the size limit then holds
# for the decompressed content, checked by the ingest service).
UPLOAD_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")


class IngestForm(forms.Form):
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https", label="Article URL")
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}), label="Or paste the text")
    html_file = forms.FileField(required=False, label="Or upload an HTML or text file (.gz too)")
    # Context a pasted text or a file cannot carry (all optional; a fetched page brings its own address).
    article_url = forms.URLField(
        required=False,
        max_length=2000,
        assume_scheme="https",
        label="Published at (URL)",
        widget=forms.URLInput(attrs={"placeholder": "https://news.example/story"}),
    )
    outlet = forms.CharField(
        required=False,
        max_length=200,
        label="Outlet",
        widget=forms.TextInput(attrs={"placeholder": "a known outlet's name or domain, or a new one"}),
    )
    published = forms.DateField(
        required=False,
        label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the publication date as YYYY-MM-DD."},
    )

    def clean_html_file(self):
        upload = self.cleaned_data.get("html_file")
        if upload is None:
            return None
        if upload.size > settings.VERIFY_MAX_INPUT_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size:,} bytes; the limit is {settings.VERIFY_MAX_INPUT_BYTES:,} bytes."
            )
        name = upload.name.lower()
        if not name.removesuffix(".gz").endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError("Upload an .html, .htm or .txt file, or one of them gzipped (.gz).")
        return upload

    def clean(self):
        data = super().clean()
        given = [k for k in ("url", "text", "html_file") if data.get(k)]
        if len(given) != 1:
            raise forms.ValidationError("Give exactly one of a URL, pasted text or an HTML file.")
        if data.get("url") and data.get("article_url"):
            self.add_error(
                "article_url", "Leave this empty when giving a URL to fetch: the fetched page's address is used."
            )
        return data


# The code of a MoveForm error saying what the move needs (Move.needs): its message says it all.
NEEDED = "needed_by_move"


class MoveForm(forms.Form):
    """Every workflow move posts the claim version it was made from; a move that needs a note or a
    reason (``Move.needs``) is refused without it, here as in its service."""

    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    note = forms.CharField(required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.ChoiceField(required=False, choices=[("", CHOOSE), *DismissReason.choices])
    duplicate_of = IdField(required=False, label="Duplicate of claim #")
    assignee = IdField(required=False)
    # A correction may change the published verdict's words.
    rating = forms.ModelChoiceField(required=False, queryset=Rating.objects.all())
    headline = forms.CharField(required=False, max_length=MAX_HEADLINE)
    explanation = forms.CharField(required=False, max_length=MAX_EXPLANATION)

    def __init__(self, *args, move: Move, **kwargs):
        super().__init__(*args, **kwargs)
        self.move = move

    def clean(self):
        data = super().clean()
        move = self.move
        if move.needs_note and not (data.get("note") or "").strip():
            message = f"Say {move.needs.note.lower()}: “{move.label}” needs a note."
            self.add_error("note", forms.ValidationError(message, code=NEEDED))
        if move.needs_reason and not data.get("reason"):
            message = "Choose why the claim is dismissed: no reason is chosen for you."  # DismissReason
            self.add_error("reason", forms.ValidationError(message, code=NEEDED))
        return data

    def message(self) -> str:
        """The form's errors in one line: what the move needs as said, a field's error after its name."""
        said = []
        for field, errors in self.errors.as_data().items():
            for error in errors:
                text = " ".join(error.messages)
                said.append(text if error.code == NEEDED else f"{field.replace('_', ' ')}: {text}")
        return " ".join(said)


class ClaimEditForm(forms.Form):
    """A person corrects the claim as the machine read it (services.editing.claim_edit)."""

    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    standalone = forms.CharField(
        max_length=1000,
        label="The claim",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Readable on its own: who, what, when; as ClaimReview will publish it",
    )
    claimant = forms.CharField(max_length=300, help_text="Who made the claim (not the reporter)")
    claim_type = forms.ChoiceField(choices=ClaimType.choices, label="Type")
    note = forms.CharField(required=False, max_length=MAX_NOTE, label="Why (optional)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "edit_%s")  # three forms on one page: ids of their own
        super().__init__(*args, **kwargs)


class ClaimSplitForm(forms.Form):
    """One candidate that makes two claims (services.editing.claim_split)."""

    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    standalone = forms.CharField(max_length=1000, label="This claim says", widget=forms.Textarea(attrs={"rows": 2}))
    new_standalone = forms.CharField(
        max_length=1000, label="The new claim says", widget=forms.Textarea(attrs={"rows": 2})
    )
    new_claimant = forms.CharField(
        required=False, max_length=300, label="Its claimant", help_text="Empty: the same claimant"
    )
    new_claim_type = forms.ChoiceField(
        required=False, choices=[("", "The same type"), *ClaimType.choices], label="Its type"
    )
    note = forms.CharField(required=False, max_length=MAX_NOTE, label="Why (optional)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "split_%s")  # three forms on one page: ids of their own
        super().__init__(*args, **kwargs)


class ClaimMergeForm(forms.Form):
    """This claim is a duplicate: dismiss it and keep the other (services.editing.claim_merge)."""

    version = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    into = IdField(label="Keep claim #", error_messages={"required": "Name the claim to keep (its number)."})
    note = forms.CharField(required=False, max_length=MAX_NOTE, label="Why (optional)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "merge_%s")  # three forms on one page: ids of their own
        super().__init__(*args, **kwargs)


class VerdictForm(forms.Form):
    verdict_version = forms.IntegerField(required=False, min_value=0, max_value=MAX_ID, widget=forms.HiddenInput)
    rating = forms.ModelChoiceField(
        queryset=Rating.objects.none(),
        empty_label=CHOOSE,
        error_messages={"required": "Choose a rating: none is chosen for you."},
    )
    headline = forms.CharField(max_length=MAX_HEADLINE)
    explanation = forms.CharField(
        required=False,
        max_length=MAX_EXPLANATION,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown: **bold**, *emphasis*, [a link](https://…), lists (- item or "
        "1. item) and > quotes. Preview shows it as readers will.",
    )
    evidence = IdsModelMultipleChoiceField(
        queryset=Evidence.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        verdict = getattr(claim, "verdict", None)
        scale = verdict.rating.scale if verdict else default_scale()
        self.fields["rating"].queryset = scale.ratings.all()
        self.fields["evidence"].queryset = claim.evidence.all()


class EvidenceForm(forms.Form):
    url = forms.URLField(required=False, max_length=2000, assume_scheme="https")
    title = forms.CharField(required=False, max_length=500)
    quote = forms.CharField(required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    source_kind = forms.ChoiceField(
        choices=[("", CHOOSE), *EvidenceKind.choices],
        label="Source",
        error_messages={"required": "Choose the kind of source."},
    )
    stance = forms.ChoiceField(
        choices=[("", CHOOSE), *Stance.choices],
        error_messages={"required": "Choose whether it supports, refutes or adds context."},
    )

    def clean(self):
        data = super().clean()
        if not data.get("url") and not (data.get("quote") or "").strip():
            raise forms.ValidationError("Evidence needs a URL or a quote.")
        return data


class CommentForm(forms.Form):
    body = forms.CharField(max_length=10000, widget=forms.Textarea(attrs={"rows": 3}), label="Comment")


class BulkForm(forms.Form):
    # Each action of the queue's menu: its label and the workflow move it makes (a merge is a
    # dismissal as a duplicate). An action that is just the move says the move's own label.
    ACTION_MOVES: dict[str, tuple[str, Move]] = {
        "triage": (Move.TRIAGE.label, Move.TRIAGE),
        "assign_me": ("Assign to me", Move.ASSIGN),
        "assign": ("Assign to…", Move.ASSIGN),
        "dismiss": (Move.DISMISS.label, Move.DISMISS),
        "duplicate": ("Merge into #", Move.DISMISS),
    }
    ACTIONS = [(action, label) for action, (label, _move) in ACTION_MOVES.items()]
    MOVES = {action: move for action, (_label, move) in ACTION_MOVES.items()}
    action = forms.ChoiceField(
        choices=ACTIONS, error_messages={"required": "Choose what to do with the selected claims."}
    )
    claims = forms.TypedMultipleChoiceField(
        coerce=int, choices=[], error_messages={"required": "Select at least one claim."}
    )
    assignee = IdField(required=False)
    reason = forms.ChoiceField(required=False, choices=[("", CHOOSE), *DismissReason.choices])
    duplicate_of = IdField(required=False)
    note = forms.CharField(required=False, max_length=MAX_NOTE)

    def clean(self):
        data = super().clean()
        move = self.MOVES.get(data.get("action", ""))
        # A merge gives its own reason (a duplicate); any other dismissal needs the one chosen.
        if move and move.needs_reason and data.get("action") != "duplicate" and not data.get("reason"):
            self.add_error("reason", "Choose why the claims are dismissed: no reason is chosen for you.")
        if data.get("action") == "duplicate" and not data.get("duplicate_of"):
            self.add_error(
                "duplicate_of",
                "Give the number of the claim to keep: the selected claims are merged into it as its duplicates.",
            )
        elif data.get("action") == "duplicate" and set(data.get("claims") or []) == {data["duplicate_of"]}:
            self.add_error("claims", "Select the duplicates as well as the claim they are merged into.")
        return data

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"].choices = [(v, v) for v in self.data.getlist("claims")] if self.data else []
        self.fields["claims"].valid_value = is_id


class DeskSettingsForm(forms.Form):
    checkworthy_threshold = forms.FloatField(
        required=False,
        min_value=0,
        max_value=1,
        help_text="Empty: the environment's VERIFY_CHECKWORTHY_THRESHOLD, "
        "or the model's own threshold when that is unset",
    )
    max_claims_per_article = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=500,
        label="Most claims an article puts in the queue",
        help_text="Its best-ranked claims; the rest stay visible under the article. Empty: the model's default "
        "(chosen on the team's labelled news); 0: no limit. Applies to articles extracted from now on.",
    )
    match_suggest_threshold = forms.FloatField(required=False, min_value=0, max_value=1)
    match_auto_threshold = forms.FloatField(required=False, min_value=0, max_value=1)
    one_person_corrections = forms.BooleanField(
        required=False,
        label="One-person corrections",
        help_text="An editor may correct a published verdict without a second editor's approval; the public "
        "page then says who corrected it alone. Off: a correction is approved like a first publication.",
    )


class RoleForm(forms.Form):
    user = IdField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        required=False,
        choices=[
            ("", "No role"),
            ("viewer", "Viewer"),
            ("checker", "Checker"),
            ("editor", "Editor"),
            ("admin", "Admin"),
        ],
    )


class TokenForm(forms.Form):
    EXPIRIES = [("", "Never"), ("7", "In 7 days"), ("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year")]

    name = forms.CharField(max_length=100)
    scopes = forms.MultipleChoiceField(
        choices=[("read", "Read"), ("ingest", "Ingest articles"), ("review", "Review"), ("publish", "Publish")],
        widget=forms.CheckboxSelectMultiple,
        initial=["read"],
    )
    expires = forms.ChoiceField(choices=EXPIRIES, required=False, label="Expires", initial="90")

    def clean_expires(self):
        days = self.cleaned_data.get("expires")
        return timezone.now() + timedelta(days=int(days)) if days else None


class RatingForm(forms.Form):
    """One rating of the scale, as the settings page edits or adds it."""

    label = forms.CharField(max_length=100)
    value = forms.IntegerField(
        required=False, min_value=0, max_value=32767, help_text="Empty for a rating off the true–false line"
    )
    description = forms.CharField(required=False, max_length=500)
    position = forms.IntegerField(required=False, min_value=0, max_value=32767, label="Order")


class UserCreateForm(forms.Form):
    username = forms.CharField(max_length=150)
    email = forms.EmailField(required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False), max_length=128, strip=False, label="Initial password"
    )
    role = forms.ChoiceField(
        choices=[("viewer", "Viewer"), ("checker", "Checker"), ("editor", "Editor"), ("admin", "Admin")],
        initial="checker",
    )


class NotificationPreferencesForm(forms.Form):
    """Per kind of notification: in the desk, by email (two checkboxes each)."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = Notification.Kind.choices
        for kind, _label in self.kinds:
            in_app, email = current[kind]
            self.fields[f"{kind}_in_app"] = forms.BooleanField(required=False, initial=in_app, label="In the desk")
            self.fields[f"{kind}_email"] = forms.BooleanField(required=False, initial=email, label="By email")

    def rows(self):
        return [(label, self[f"{kind}_in_app"], self[f"{kind}_email"]) for kind, label in self.kinds]

    def choices(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {kind: (data[f"{kind}_in_app"], data[f"{kind}_email"]) for kind, _label in self.kinds}
