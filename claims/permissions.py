"""Roles and permission checks shared by every service, view and endpoint.

Roles are Django groups (created by migration 0002) holding permissions;
services check permissions, never group names, so a desk can tune a role in
the admin. Role names appear only in error messages.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .choices import Role
from .errors import NotPermitted

# Permission codenames (app "claims") of each role; a role has those of the
# roles before it. Migrations copy it (0002, then 0010 and 0032 for what was added
# since: a change here is a new migration); tests/views/test_admin_roles.py holds the groups
# in the database to this table.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.VIEWER: (
        "view_claim",
        "view_article",
        "view_outlet",
        "view_appearance",
        "view_evidence",
        "view_verdict",
        "view_verdictversion",
        "view_comment",
        "view_claimevent",
        "view_extractionjob",
        "view_ratingscale",
        "view_rating",
        "view_feed",  # added by migration 0010
    ),
    Role.CHECKER: ("triage_claim", "review_claim", "add_comment", "add_evidence"),
    Role.EDITOR: ("assign_claim", "approve_verdict", "publish_verdict", "add_feed"),  # add_feed: migration 0010
    Role.ADMIN: (
        "manage_desk",
        "add_outlet",
        "change_outlet",
        "delete_outlet",
        "add_ratingscale",
        "change_ratingscale",
        "add_rating",
        "change_rating",
        "change_extractionjob",
        # The operations console shows every table to admins (migration 0032).
        "view_claimmatch",
        "view_externalreview",
        "view_apitoken",
        "view_idempotencykey",
        "view_webhooksubscription",
        "view_webhookdelivery",
        "view_desksettings",
        "view_workerheartbeat",
        "view_feeditem",
        "view_notification",
        "view_notificationpreference",
        "view_readerrequest",
        "view_senderban",
        # The matching index's journal and snapshots (migration 0035).
        "view_matchjournalentry",
        "view_matchsnapshot",
        "view_matchsnapshotchunk",
    ),
}
ROLE_ORDER = [Role.VIEWER, Role.CHECKER, Role.EDITOR, Role.ADMIN]


def permissions_of_role(role: str) -> list[str]:
    """Every codename a role holds, those of the lesser roles included."""
    codenames: list[str] = []
    for each in ROLE_ORDER:
        codenames.extend(ROLE_PERMISSIONS[each])
        if each == role:
            return codenames
    raise ValueError(f"Unknown role {role!r}")


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> str:
    """The highest role a user holds, for messages: 'admin', ..., or 'no role'."""
    if user is None or not user.is_authenticated:
        return "anonymous user"
    if user.is_superuser:
        return Role.ADMIN.label.lower()
    names = {g.name for g in user.groups.all()}
    for role in reversed(ROLE_ORDER):
        if role.value in names:
            return role.label.lower()
    return "user without a role"


def least_role_with(codename: str) -> str:
    for role in ROLE_ORDER:
        if codename in ROLE_PERMISSIONS[role]:
            return role.label.lower()
    return Role.ADMIN.label.lower()


def a_or_an(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def require_permission(user, codename: str, action: str) -> None:
    """Raise NotPermitted naming the user's role and the role needed."""
    if user is None or not user.is_authenticated or not user.has_perm(f"claims.{codename}"):
        raise NotPermitted(
            f"{a_or_an(role_of(user)).capitalize()} may not {action}; this needs the {least_role_with(codename)} role.",
            extra={"action": action, "permission": codename, "role": role_of(user)},
        )
