"""API tokens get a kind (personal or service); feeds get role permissions.

Viewers (and every role above) may list feeds; editors and admins may add
them, in the desk, the API and the admin alike.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Role → codenames it gains; roles hold the permissions of the roles below them.
ADDED = [("viewer", ["view_feed"]), ("editor", ["add_feed"])]
ORDER = ["viewer", "checker", "editor", "admin"]


def _groups_from(apps, role):
    Group = apps.get_model("auth", "Group")
    return Group.objects.filter(name__in=ORDER[ORDER.index(role):])


def add_feed_permissions(apps, schema_editor):
    # Permissions are normally created after all migrations; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ADDED:
        perms = list(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
        for group in _groups_from(apps, role):
            group.permissions.add(*perms)


def remove_feed_permissions(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ADDED:
        perms = list(Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
        for group in _groups_from(apps, role):
            group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0009_claim_priority_id_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="kind",
            field=models.CharField(
                choices=[("personal", "Personal (a person's own tools)"),
                         ("service", "Service (an integration, acting as its user)")],
                default="personal",
                help_text="Service tokens belong to an integration, not to a person's session; only admins create them",
                max_length=8,
            ),
        ),
        migrations.RunPython(add_feed_permissions, remove_feed_permissions),
    ]
