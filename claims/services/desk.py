"""Desk administration: thresholds and who holds which role."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction

from ..choices import Role
from ..errors import InvalidInput, NotPermitted
from ..models import DeskSettings
from .roles import require_permission


@transaction.atomic
def desk_settings_update(
    *,
    actor,
    checkworthy_threshold: float | None,
    match_suggest_threshold: float | None,
    match_auto_threshold: float | None,
) -> DeskSettings:
    """Change the desk's thresholds (admins); empty values fall back to the environment."""
    require_permission(actor, "manage_desk", "change the desk's settings")
    for name, value in (("check-worthiness", checkworthy_threshold), ("suggest", match_suggest_threshold),
                        ("auto", match_auto_threshold)):
        if value is not None and not 0 <= value <= 1:
            raise InvalidInput(f"The {name} threshold must be between 0 and 1.")
    if None not in (match_suggest_threshold, match_auto_threshold) and match_auto_threshold < match_suggest_threshold:
        raise InvalidInput("The auto-link threshold cannot be below the suggest threshold.")
    row, _ = DeskSettings.objects.select_for_update().get_or_create(pk=1)
    row.checkworthy_threshold = checkworthy_threshold
    row.match_suggest_threshold = match_suggest_threshold
    row.match_auto_threshold = match_auto_threshold
    row.updated_by = actor
    row.save()
    return row


@transaction.atomic
def user_set_role(*, actor, user, role: str) -> None:
    """Give ``user`` exactly one newsroom role ("" removes every role)."""
    require_permission(actor, "manage_desk", "change roles")
    if role and role not in Role.values:
        raise InvalidInput(f"Unknown role {role!r}; choose one of {', '.join(Role.values)}.")
    if user.pk == actor.pk and role != Role.ADMIN:
        raise NotPermitted("You cannot take the admin role away from yourself; ask another admin.")
    user.groups.remove(*Group.objects.filter(name__in=Role.values))
    if role:
        user.groups.add(Group.objects.get(name=role))
    user.is_staff = bool(role)
    user.save(update_fields=["is_staff"])
