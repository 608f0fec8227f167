"""Match scores are now the same-claim model's calibrated probability, not the re-ranker's:
a desk's saved match thresholds were set on the old scale and would mean something else on
the new one, so they are cleared (the model's own thresholds apply until an admin sets new
ones). The reverse leaves them cleared: the old values cannot be known."""

from django.db import migrations


def clear_thresholds(apps, schema_editor):
    DeskSettings = apps.get_model("claims", "DeskSettings")
    DeskSettings.objects.update(match_suggest_threshold=None, match_auto_threshold=None)


class Migration(migrations.Migration):
    dependencies = [("claims", "0017_match_events_and_auto_help")]

    operations = [migrations.RunPython(clear_thresholds, migrations.RunPython.noop)]
