"""The admin role may view the matching index's tables (journal and snapshots, migration 0034) in the
operations console, as migration 0032 lets it view every other table; claims/permissions.py holds the
same list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWS = ["view_matchjournalentry", "view_matchsnapshot", "view_matchsnapshotchunk"]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the role needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    perms = list(Permission.objects.filter(content_type__app_label="claims", codename__in=VIEWS))
    if len(perms) != len(VIEWS):
        raise RuntimeError(f"Permissions missing for the admin role: {sorted(set(VIEWS) - {p.codename for p in perms})}")
    for group in apps.get_model("auth", "Group").objects.filter(name="admin"):
        group.permissions.add(*perms)


def revoke(apps, schema_editor):
    perms = apps.get_model("auth", "Permission").objects.filter(content_type__app_label="claims", codename__in=VIEWS)
    for group in apps.get_model("auth", "Group").objects.filter(name="admin"):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0034_issue27_match_journal"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
