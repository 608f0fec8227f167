"""The admin site is for admins: desk users holding only the viewer, checker or editor role stop
being staff (they were all made staff, so checkers reached the admin's add pages).

Users in no newsroom role keep their flag (an operations account set up by hand); superusers and
members of the admin group stay staff. The reverse makes every role holder staff again.
"""

from django.db import migrations

DESK_ROLES = ("viewer", "checker", "editor")


def staff_only_for_admins(apps, schema_editor):
    User = apps.get_model("auth", "User")
    (User.objects.filter(groups__name__in=DESK_ROLES, is_superuser=False, is_staff=True)
     .exclude(groups__name="admin").update(is_staff=False))


def every_role_is_staff(apps, schema_editor):
    User = apps.get_model("auth", "User")
    User.objects.filter(groups__name__in=(*DESK_ROLES, "admin")).update(is_staff=True)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0023_api_token_expiry"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(staff_only_for_admins, every_role_is_staff)]
