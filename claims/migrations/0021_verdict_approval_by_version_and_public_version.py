"""The two-person rule by version: who last edited a verdict, who approved each published version
(and whether alone), the version readers see, and the desk's choice of one-person corrections.

Backfilled from the versions already kept: the last editor is the editor of the last draft or
correction; a published version was approved by the approver of the snapshot before it; an old
in-place correction (no approval since the version before it) was made by one editor alone.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


PUBLIC = ("published", "correction")


def backfill(apps, schema_editor):
    Claim = apps.get_model("claims", "Claim")
    Verdict = apps.get_model("claims", "Verdict")
    VerdictVersion = apps.get_model("claims", "VerdictVersion")
    for verdict in Verdict.objects.all().iterator():
        versions = list(VerdictVersion.objects.filter(verdict=verdict).order_by("number"))
        edits = [v for v in versions if v.kind in ("draft", "correction")]
        verdict.last_edited_by_id = edits[-1].edited_by_id if edits else verdict.author_id
        approver = None
        public = None
        for version in versions:
            if version.kind == "approved":
                approver = version.edited_by_id
                version.approved_by_id = approver
                version.save(update_fields=["approved_by"])
            elif version.kind in PUBLIC:
                if approver is None and version.kind == "correction":
                    version.approved_by_id, version.approved_alone = version.edited_by_id, True
                else:
                    version.approved_by_id = approver
                version.save(update_fields=["approved_by", "approved_alone"])
                approver = None
                public = version
        if public is not None and verdict.published_at is not None:
            verdict.public_version_id = public.pk
            if public.approved_alone and verdict.approved_by_id is not None:
                # The approval shown is the corrector's own, as the desk now records one-person corrections.
                verdict.approved_by_id, verdict.approved_alone = public.edited_by_id, True
        if not verdict.approved_alone and verdict.approved_by_id in (verdict.author_id, verdict.last_edited_by_id):
            # Approved by the editor whose words it holds (the rule looked only at the author before).
            if Claim.objects.filter(pk=verdict.claim_id, status="published").exists():
                verdict.approved_alone = True  # published as it was: recorded as approved alone
            else:
                verdict.approved_by_id, verdict.approved_at = None, None  # it needs a second editor now
        verdict.save(update_fields=["last_edited_by", "public_version", "approved_by", "approved_at",
                                    "approved_alone"])


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0020_appearance_once_per_place_in_an_article'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='verdict',
            name='verdict_not_approved_by_author',
        ),
        migrations.AddField(
            model_name='desksettings',
            name='one_person_corrections',
            field=models.BooleanField(default=False, help_text="An editor may correct a published verdict alone (the public page then names them); off: a correction needs a second editor's approval, like the first publication"),
        ),
        migrations.AddField(
            model_name='verdict',
            name='approved_alone',
            field=models.BooleanField(default=False, help_text='A one-person correction (the desk allows them): approved by the editor who made it'),
        ),
        migrations.AddField(
            model_name='verdict',
            name='last_edited_by',
            field=models.ForeignKey(help_text='Who saved the working text last', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='verdict',
            name='public_version',
            field=models.ForeignKey(blank=True, help_text='The version readers see: the last one published or corrected', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='claims.verdictversion'),
        ),
        migrations.AddField(
            model_name='verdictversion',
            name='approved_alone',
            field=models.BooleanField(default=False, help_text='A one-person correction: its editor approved it; the public page says so'),
        ),
        migrations.AddField(
            model_name='verdictversion',
            name='approved_by',
            field=models.ForeignKey(blank=True, help_text='Published and correction versions: who approved this text', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='verdict',
            name='last_edited_by',
            field=models.ForeignKey(help_text='Who saved the working text last', on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddConstraint(
            model_name='verdict',
            constraint=models.CheckConstraint(condition=models.Q(('approved_by__isnull', True), ('approved_alone', True), models.Q(models.Q(('approved_by', models.F('author')), _negated=True), models.Q(('approved_by', models.F('last_edited_by')), _negated=True)), _connector='OR'), name='verdict_two_person_rule'),
        ),
        migrations.AddConstraint(
            model_name='verdict',
            constraint=models.CheckConstraint(condition=models.Q(('approved_alone', False), ('approved_by__isnull', False), _connector='OR'), name='verdict_approved_alone_has_approver'),
        ),
        migrations.AddConstraint(
            model_name='verdictversion',
            constraint=models.CheckConstraint(condition=models.Q(('approved_alone', False), models.Q(('kind', 'correction'), ('approved_by', models.F('edited_by'))), _connector='OR'), name='version_approved_alone_is_its_correctors'),
        ),
    ]
