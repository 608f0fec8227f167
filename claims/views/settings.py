"""The desk's settings page (thresholds, ratings, people) and each person's API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from verify.exceptions import ApplicationError

from .. import desk_labels, selectors
from ..forms import (
    DeskSettingsForm,
    RatingForm,
    RoleForm,
    TokenForm,
    UserCreateForm,
    is_id,
)
from ..models import ApiToken, Rating
from ..permissions import role_of
from ..services import desk, tokens
from .access import desk_view
from .form_errors import add_service_error, error_status, service_errors_to_form


@desk_view("manage_desk")
def desk_settings(request: HttpRequest) -> HttpResponse:
    row = selectors.desk_settings()
    form = DeskSettingsForm(
        request.POST if "thresholds" in request.POST else None,
        initial={
            "checkworthy_threshold": row.checkworthy_threshold,
            "match_suggest_threshold": row.match_suggest_threshold,
            "match_auto_threshold": row.match_auto_threshold,
            "one_person_corrections": row.one_person_corrections,
            "max_claims_per_article": row.max_claims_per_article,
        },
    )
    if request.method == "POST":
        try:
            if "thresholds" in request.POST and form.is_valid():
                desk.desk_settings_update(actor=request.user, **form.cleaned_data)
                messages.success(request, "Thresholds saved.")
                return redirect("settings")
            role_form = RoleForm(request.POST)
            if "role" in request.POST and role_form.is_valid():
                target = get_object_or_404(get_user_model(), pk=role_form.cleaned_data["user"])
                desk.user_set_role(actor=request.user, user=target, role=role_form.cleaned_data["role"])
                messages.success(
                    request, f"{target.get_username()} is now {role_form.cleaned_data['role'] or 'without a role'}."
                )
                return redirect("settings")
        except ApplicationError as exc:
            if "thresholds" in request.POST:
                add_service_error(form, exc)
            else:
                messages.error(request, str(exc))
    return _render_settings(request, form=form)


def _render_settings(request, *, form=None, rating_form=None, add_rating_form=None, user_form=None, status=None):
    """The settings page; a bound form with errors replaces its blank twin."""
    scale = selectors.default_scale()
    ratings = list(scale.ratings.all())
    rows = []
    for r in ratings:
        bound = rating_form if rating_form is not None and rating_form.prefix == f"r{r.pk}" else None
        rows.append(
            (
                r,
                bound
                or RatingForm(
                    prefix=f"r{r.pk}",
                    initial={"label": r.label, "value": r.value, "description": r.description, "position": r.position},
                ),
            )
        )
    current = selectors.desk_settings()
    form = form or DeskSettingsForm(
        initial={
            k: getattr(current, k)
            for k in (
                "checkworthy_threshold",
                "match_suggest_threshold",
                "match_auto_threshold",
                "one_person_corrections",
                "max_claims_per_article",
            )
        }
    )
    forms_shown = [form, rating_form, add_rating_form, user_form]
    users = get_user_model().objects.prefetch_related("groups").order_by("username")
    suggest, auto = selectors.match_thresholds()
    decided = list(desk_labels.labels())
    threshold = selectors.checkworthy_threshold()
    by_threshold, by_cap = desk_labels.queue_figures(
        decided,
        thresholds=sorted({round(t / 10, 2) for t in range(1, 10)} | {round(threshold, 2)}),
        caps=sorted({3, 5, 8, 12} | ({selectors.claims_per_article_cap()} - {None})),
        threshold=threshold,
    )
    return render(
        request,
        "claims/settings.html",
        {
            "decided": decided,
            "taken": sum(1 for d in decided if d.label == 2),
            "by_threshold": by_threshold,
            "by_cap": by_cap,
            "threshold_now": round(threshold, 2),
            "form": form,
            "users": [(u, role_of(u)) for u in users],
            "roles": RoleForm.base_fields["role"].choices,
            # What the fields' blanks stand for: the values in effect now.
            "in_effect": {
                "checkworthy": selectors.checkworthy_threshold(),
                "suggest": suggest,
                "auto": auto,
                "cap": selectors.claims_per_article_cap(),
            },
            "scale": scale,
            "rating_rows": rows,
            "add_rating_form": add_rating_form or RatingForm(prefix="new"),
            "user_form": user_form or UserCreateForm(),
        },
        status=status or error_status(*forms_shown),
    )


@desk_view("manage_desk")
@require_POST
def settings_rating(request: HttpRequest, pk: int) -> HttpResponse:
    rating = get_object_or_404(Rating, pk=pk)
    form = RatingForm(request.POST, prefix=f"r{rating.pk}")
    if form.is_valid():
        data = form.cleaned_data
        with service_errors_to_form(form):
            desk.rating_update(
                actor=request.user,
                rating=rating,
                label=data["label"],
                value=data["value"],
                description=data["description"],
                position=data["position"] or 0,
            )
            messages.success(request, f"Rating “{data['label']}” saved.")
            return redirect("settings")
    return _render_settings(request, rating_form=form)


@desk_view("manage_desk")
@require_POST
def settings_rating_add(request: HttpRequest) -> HttpResponse:
    form = RatingForm(request.POST, prefix="new")
    if form.is_valid():
        data = form.cleaned_data
        with service_errors_to_form(form):
            desk.rating_add(
                actor=request.user,
                scale=selectors.default_scale(),
                label=data["label"],
                value=data["value"],
                description=data["description"],
                position=data["position"],
            )
            messages.success(request, f"Rating “{data['label']}” added.")
            return redirect("settings")
    return _render_settings(request, add_rating_form=form)


@desk_view("manage_desk")
@require_POST
def settings_user_add(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST)
    if form.is_valid():
        with service_errors_to_form(form):
            user = desk.user_create(actor=request.user, **form.cleaned_data)
            messages.success(request, f"{user.get_username()} can now sign in as {form.cleaned_data['role']}.")
            return redirect("settings")
    return _render_settings(request, user_form=form)


@desk_view()
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: create (the key is shown once), list, revoke."""
    form = TokenForm(request.POST or None)
    created_key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            revoke = request.POST.get("revoke", "")
            token = get_object_or_404(ApiToken, pk=int(revoke) if is_id(revoke) else 0, user=request.user)
            tokens.token_revoke(actor=request.user, token=token)
            messages.success(request, f"Token {token.name} revoked.")
            return redirect("api_tokens")
        if form.is_valid():
            data = form.cleaned_data
            with service_errors_to_form(form):
                _token, created_key = tokens.token_create(
                    user=request.user, name=data["name"], scopes=data["scopes"], expires_at=data["expires"]
                )
                form = TokenForm()
    return render(
        request,
        "claims/tokens.html",
        {
            "form": form,
            "created_key": created_key,
            "tokens": request.user.api_tokens.all(),
        },
        status=error_status(form),
    )
