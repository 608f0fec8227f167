# Issue 26: a claim's priority from stored parts (services/priority.py), reader counts, detaching
# a request from a claim, and re-notifying readers of a correction.

import django.db.models.deletion
from django.db import migrations, models

CHECKED_ELSEWHERE = 50.0


def split_priority(apps, schema_editor):
    """The parts of each claim's current priority, read from its history: the points lowered for a
    link to another fact-checker's verdict (lowered minus restored events, at most once) and the
    demand bonus of its requests are taken off; the rest is the base."""
    Claim = apps.get_model("claims", "Claim")
    ClaimEvent = apps.get_model("claims", "ClaimEvent")
    ReaderRequest = apps.get_model("claims", "ReaderRequest")
    touched = set(ClaimEvent.objects.filter(kind__in=["matched", "match_confirmed", "match_rejected",
                                                      "match_demoted", "requested"])
                  .values_list("claim_id", flat=True))
    for claim in Claim.objects.all().only("pk", "priority").iterator():
        base, lowered = claim.priority, False
        if claim.pk in touched:
            events = list(ClaimEvent.objects.filter(claim_id=claim.pk).values_list("data", flat=True))
            net = sum(1 for d in events if isinstance(d, dict) and "priority_lowered" in d) - sum(
                1 for d in events if isinstance(d, dict) and "priority_restored" in d)
            lowered = net > 0
            raised = sum(float(d.get("priority_raised") or 0) for d in events if isinstance(d, dict))
            base = claim.priority + (CHECKED_ELSEWHERE if lowered else 0.0) - raised
        readers = ReaderRequest.objects.filter(claim_id=claim.pk).count()
        Claim.objects.filter(pk=claim.pk).update(priority_base=base, priority_lowered=lowered, readers=readers)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0032_admin_role_views_every_table'),
    ]

    operations = [
        migrations.AddField(
            model_name='claim',
            name='priority_base',
            field=models.FloatField(default=0, help_text="The extraction's ranking and the outlet's reach"),
        ),
        migrations.AddField(
            model_name='claim',
            name='priority_lowered',
            field=models.BooleanField(default=False, help_text="Lowered in the queue for a link to another fact-checker's published verdict"),
        ),
        migrations.AddField(
            model_name='claim',
            name='readers',
            field=models.PositiveIntegerField(default=0, help_text='How many reader requests are on the claim'),
        ),
        migrations.AlterField(
            model_name='claim',
            name='priority',
            field=models.FloatField(db_index=True, default=0, help_text="The queue's order: priority_base, less CHECKED_ELSEWHERE when checked elsewhere, plus the reader-demand bonus (computed only by services.priority)"),
        ),
        migrations.AddField(
            model_name='readerrequest',
            name='answered_version',
            field=models.ForeignKey(blank=True, help_text='The public version of the verdict the reader was last emailed (a correction emails them again)', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='claims.verdictversion'),
        ),
        migrations.AddField(
            model_name='readerrequest',
            name='detached_from',
            field=models.JSONField(blank=True, default=list, help_text='Claims an editor detached the request from: never matched onto again'),
        ),
        migrations.AlterField(
            model_name='claimevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Created'), ('appeared', 'Appeared in another article'), ('updated', 'Re-extracted'), ('moved', 'Workflow move'), ('assigned', 'Assigned'), ('evidence_added', 'Evidence added'), ('verdict_saved', 'Verdict saved'), ('commented', 'Commented'), ('matched', 'Matched an earlier claim or verdict'), ('match_confirmed', 'Match confirmed'), ('match_rejected', 'Match rejected'), ('match_demoted', 'Automatic match turned into a suggestion'), ('archive_retried', 'Evidence archiving retried'), ('unlinked', 'No longer appears in an article (a match undone)'), ('edited', 'Edited'), ('split', 'Split'), ('merged', 'Merged a duplicate'), ('requested', 'A reader asked for it to be checked'), ('request_detached', "A reader's request was detached from it")], max_length=16),
        ),
        migrations.RunPython(split_priority, migrations.RunPython.noop),
    ]
