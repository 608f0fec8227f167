"""Desk administration: thresholds, the rating scale, users and their roles.

Every change here is an admin's (``manage_desk``) and is written to the admin
log (``LogEntry``) in the same transaction, so "who changed the scale" has an
answer in the admin's history.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ..choices import Role
from ..errors import InvalidInput, NotPermitted
from ..models import DeskSettings, Rating, RatingScale
from ..permissions import require_permission

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _audit(actor: User, obj, flag: int, message: str) -> None:
    LogEntry.objects.log_actions(actor.pk, [obj], flag, message, single_object=True)


@transaction.atomic
def desk_settings_update(
    *,
    actor: User,
    checkworthy_threshold: float | None,
    match_suggest_threshold: float | None,
    match_auto_threshold: float | None,
    one_person_corrections: bool | None = None,
    max_claims_per_article: int | None | str = "unchanged",
) -> DeskSettings:
    """Change the desk's thresholds (admins); empty values fall back to the environment.

    ``max_claims_per_article`` (None: the model's default; 0: no limit; "unchanged") caps how
    many claims one article puts in the queue; it applies to articles extracted from now on.

    ``one_person_corrections`` (None: unchanged) lets an editor correct a published verdict
    without a second editor's approval; the public page then names the corrector.
    """
    require_permission(actor, "manage_desk", "change the desk's settings")
    for name, value in (
        ("check-worthiness", checkworthy_threshold),
        ("suggest", match_suggest_threshold),
        ("auto", match_auto_threshold),
    ):
        if value is not None and not 0 <= value <= 1:
            raise InvalidInput(f"The {name} threshold must be between 0 and 1.")
    if None not in (match_suggest_threshold, match_auto_threshold) and match_auto_threshold < match_suggest_threshold:
        raise InvalidInput("The auto-link threshold cannot be below the suggest threshold.")
    if max_claims_per_article not in (None, "unchanged") and not (
        isinstance(max_claims_per_article, int) and 0 <= max_claims_per_article <= 500
    ):
        raise InvalidInput(
            "The most claims an article puts in the queue must be a whole number from 0 (no limit) to 500."
        )
    row, _ = DeskSettings.objects.select_for_update().get_or_create(pk=1)
    if max_claims_per_article != "unchanged":
        row.max_claims_per_article = max_claims_per_article
    row.checkworthy_threshold = checkworthy_threshold
    row.match_suggest_threshold = match_suggest_threshold
    row.match_auto_threshold = match_auto_threshold
    if one_person_corrections is not None:
        row.one_person_corrections = one_person_corrections
    row.updated_by = actor
    row.save()
    _audit(
        actor,
        row,
        CHANGE,
        f"Thresholds: check-worthiness {checkworthy_threshold}, suggest "
        f"{match_suggest_threshold}, auto {match_auto_threshold}; claims per article "
        f"{row.max_claims_per_article}; one-person corrections "
        f"{'allowed' if row.one_person_corrections else 'not allowed'}",
    )
    return row


@transaction.atomic
def user_set_role(*, actor: User, user: User, role: str) -> None:
    """Give ``user`` exactly one newsroom role ("" removes every role)."""
    require_permission(actor, "manage_desk", "change roles")
    if role and role not in Role.values:
        raise InvalidInput(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if user.pk == actor.pk and role != Role.ADMIN:
        raise NotPermitted("You cannot take the admin role away from yourself; ask another admin.")
    _give_role(user, role)
    _audit(actor, user, CHANGE, f"Role: {role or 'none'}")


def _give_role(user: User, role: str) -> None:
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    if role:
        user.groups.add(Group.objects.get(name=role))
    # The admin site is for admins: checkers, editors and viewers work in the desk and the API.
    user.is_staff = role == Role.ADMIN
    user.save(update_fields=["is_staff"])


# Scripts that are written together: Japanese mixes kanji with both kanas.
_SCRIPT_FAMILIES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HALFWIDTH": "CJK"}


def username_checked(username: str) -> str:
    """``username`` normalised (NFKC) and checked, or InvalidInput saying what is wrong with it.

    Django's own rule first (letters, digits and @ . + - _ only: no spaces, no zero-width or
    other invisible characters, no markup), then one script: a name mixing Latin with Cyrillic
    or Greek letters ("аdmin" with a Cyrillic "а") is refused, as it can pose as another user.
    """
    User = get_user_model()
    username = User.normalize_username(username.strip())
    if not username:
        raise InvalidInput("A user needs a username.")
    if len(username) > 150:
        raise InvalidInput(f"The username is {len(username)} characters; the limit is 150.")
    try:
        User.username_validator(username)
    except ValidationError:
        odd = next((ch for ch in username if not (ch.isalnum() or ch in "@.+-_")), None)
        shown = f"U+{ord(odd):04X} ({unicodedata.name(odd, 'unnamed')})" if odd else "a character"
        raise InvalidInput(f"The username holds {shown}: use letters, digits and @ . + - _ only.") from None
    scripts = {
        _SCRIPT_FAMILIES.get(name.split(" ", 1)[0], name.split(" ", 1)[0])
        for name in (unicodedata.name(ch, "") for ch in username if ch.isalpha())
        if name
    }
    if len(scripts) > 1:
        raise InvalidInput(
            f"The username mixes {' and '.join(sorted(s.title() for s in scripts))} letters, so it could pass for "
            "another name: write it in one script."
        )
    return username


@transaction.atomic
def user_create(*, actor: User, username: str, password: str, role: str, email: str = ""):
    """Create a desk user holding ``role`` (admins); the password must pass the validators."""
    require_permission(actor, "manage_desk", "create users")
    User = get_user_model()
    username = username_checked(username)
    if role not in Role.values:
        raise InvalidInput(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(f"There is already a user called {username!r}.")
    candidate = User(username=username, email=email.strip())
    try:
        validate_password(password, user=candidate)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages)) from exc
    user = User.objects.create_user(username=username, email=email.strip(), password=password)
    _give_role(user, role)
    _audit(actor, user, ADDITION, f"Created with the {role} role")
    return user


def _check_rating(scale: RatingScale, *, label: str, value: int | None, position: int, exclude: int | None) -> str:
    label = label.strip()
    if not label:
        raise InvalidInput("A rating needs a label.")
    if value is not None and not scale.worst_value <= value <= scale.best_value:
        raise InvalidInput(
            f"The value must be between {scale.worst_value} (worst) and {scale.best_value} (best), "
            "or empty for a rating off the true–false scale."
        )
    if not 0 <= position <= 32767:
        raise InvalidInput("The position must be between 0 and 32767.")
    clash = scale.ratings.filter(label__iexact=label).exclude(pk=exclude).first()
    if clash is not None:
        raise InvalidInput(f"The scale already has a rating called {clash.label!r}.")
    return label


@transaction.atomic
def rating_update(
    *, actor: User, rating: Rating, label: str, value: int | None, description: str = "", position: int
) -> Rating:
    """Change a rating's words, number, description or place on its scale (admins).

    The slug stays: published ClaimReviews and feed filters refer to it.
    """
    require_permission(actor, "manage_desk", "edit the rating scale")
    rating = Rating.objects.select_for_update().select_related("scale").get(pk=rating.pk)
    rating.label = _check_rating(rating.scale, label=label, value=value, position=position, exclude=rating.pk)
    rating.value, rating.description, rating.position = value, description.strip(), position
    rating.save()
    _audit(actor, rating, CHANGE, f"Rating {rating.slug}: {rating.label!r}, value {value}, position {position}")
    return rating


@transaction.atomic
def rating_add(
    *,
    actor: User,
    scale: RatingScale,
    label: str,
    value: int | None,
    description: str = "",
    position: int | None = None,
) -> Rating:
    """Add a rating to a scale (admins); by default it goes last."""
    require_permission(actor, "manage_desk", "edit the rating scale")
    scale = RatingScale.objects.select_for_update().get(pk=scale.pk)
    if position is None:
        last = scale.ratings.order_by("-position").values_list("position", flat=True).first()
        position = 0 if last is None else min(last + 1, 32767)
    label = _check_rating(scale, label=label, value=value, position=position, exclude=None)
    base = slugify(label)[:45] or "rating"
    slug, n = base, 2
    while scale.ratings.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    rating = Rating.objects.create(
        scale=scale, label=label, slug=slug, value=value, description=description.strip(), position=position
    )
    _audit(actor, rating, ADDITION, f"Rating {slug} added to {scale.slug}")
    return rating
