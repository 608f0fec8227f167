"""The admin role may view every table of the operations console.

An admin made on the settings page holds the admin group only (no superuser flag), and the
group lacked the view permission on the tables added after migration 0002, so the console
answered 403 for them (issue 24). Frozen here as migrations must be; claims/permissions.py
holds the same table.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWS = [
    "view_claimmatch", "view_externalreview", "view_apitoken", "view_idempotencykey",
    "view_webhooksubscription", "view_webhookdelivery", "view_desksettings", "view_workerheartbeat",
    "view_feeditem", "view_notification", "view_notificationpreference", "view_readerrequest",
    "view_senderban",
]


def _permissions(apps):
    # Permissions are normally created after all migrations; the role needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    perms = list(Permission.objects.filter(content_type__app_label="claims", codename__in=VIEWS))
    missing = set(VIEWS) - {p.codename for p in perms}
    if missing:
        raise RuntimeError(f"Permissions missing for the admin role: {sorted(missing)}")
    return perms


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    perms = _permissions(apps)
    for group in Group.objects.filter(name="admin"):
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    perms = Permission.objects.filter(content_type__app_label="claims", codename__in=VIEWS)
    for group in Group.objects.filter(name="admin"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0031_event_kinds_after_26"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
