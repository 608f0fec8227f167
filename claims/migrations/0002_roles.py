"""Create the newsroom roles as groups with their permissions.

The table is frozen here (as migrations must be); claims/permissions.py
holds the same table for messages. A later change of a role is a new
migration.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = [
    ("viewer", [
        "view_claim", "view_article", "view_outlet", "view_appearance", "view_evidence",
        "view_verdict", "view_verdictversion", "view_comment", "view_claimevent",
        "view_extractionjob", "view_ratingscale", "view_rating",
    ]),
    ("checker", ["triage_claim", "review_claim", "add_comment", "add_evidence"]),
    ("editor", ["assign_claim", "approve_verdict", "publish_verdict"]),
    ("admin", [
        "manage_desk", "add_outlet", "change_outlet", "delete_outlet", "add_ratingscale",
        "change_ratingscale", "add_rating", "change_rating", "change_extractionjob",
    ]),
]


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames: list[str] = []
    for name, added in ROLES:
        codenames = codenames + added
        group, _ = Group.objects.get_or_create(name=name)
        perms = list(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
        missing = set(codenames) - {p.codename for p in perms}
        if missing:
            raise RuntimeError(f"Permissions missing for role {name}: {sorted(missing)}")
        group.permissions.set(perms)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[name for name, _ in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
