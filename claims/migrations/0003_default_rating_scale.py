"""Seed the default rating scale of DOMAIN.md (1 = False ... 5 = True).

Misleading and Missing context sit at 2 like Mostly false; Unproven is off
the true-false line and publishes with its words only.
"""

from django.db import migrations

RATINGS = [
    ("true", "True", 5, "The claim is accurate."),
    ("mostly-true", "Mostly true", 4, "Accurate but needs clarification or extra information."),
    ("half-true", "Half true", 3, "Partially accurate, leaves out important details."),
    ("mostly-false", "Mostly false", 2, "Contains an element of truth but ignores critical facts."),
    ("false", "False", 1, "The claim is not accurate."),
    ("misleading", "Misleading", 2, "Accurate elements presented to give a false impression."),
    ("missing-context", "Missing context", 2, "Could mislead without additional context."),
    ("unproven", "Unproven", None, "Evidence neither proves nor disproves the claim."),
]


def seed(apps, schema_editor):
    RatingScale = apps.get_model("claims", "RatingScale")
    Rating = apps.get_model("claims", "Rating")
    scale, _ = RatingScale.objects.get_or_create(
        slug="default",
        defaults={"name": "Default scale", "is_default": True, "worst_value": 1, "best_value": 5},
    )
    for position, (slug, label, value, description) in enumerate(RATINGS):
        Rating.objects.get_or_create(
            scale=scale, slug=slug,
            defaults={"label": label, "value": value, "description": description, "position": position},
        )


def unseed(apps, schema_editor):
    apps.get_model("claims", "RatingScale").objects.filter(slug="default").delete()


class Migration(migrations.Migration):
    dependencies = [("claims", "0002_roles")]
    operations = [migrations.RunPython(seed, unseed)]
