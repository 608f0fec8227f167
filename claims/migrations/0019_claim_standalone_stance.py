
from django.db import migrations, models
from django.db.models import F


def standalone_from_text(apps, schema_editor):
    # Claims extracted before standalone texts existed read as their exact span.
    apps.get_model("claims", "Claim").objects.filter(standalone="").update(standalone=F("text"))


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0018_reset_match_thresholds'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='stance',
            field=models.CharField(choices=[('asserts', 'Asserts'), ('denies', 'Denies')], default='asserts', help_text="'denies': the claimant denies the text, so the claim is its negation", max_length=8),
        ),
        migrations.AddField(
            model_name='claim',
            name='standalone',
            field=models.TextField(blank=True, help_text='The claim readable on its own: pronouns and dates resolved, negation kept'),
        ),
        migrations.RunPython(standalone_from_text, migrations.RunPython.noop),
    ]
