"""The queue at a million claims (issue 27): its full-text document as a stored column (PostgreSQL
only), and an index in exactly the queue's order (both databases).

The order index, ``(-priority, -created_at, -id) WHERE checkworthy``: the default view's first page
reads its 50 entries instead of every claim tied at the top priority (1,001 of the 1M bench claims,
33 ms), and a searched walk in priority order stops at the 50th hit.

Migration 0012 indexed the expression ``to_tsvector(text || claimant || sentence)``. A search for a
common word is answered by walking the queue's priority order and keeping the matching claims, and
with an expression index every claim walked past is parsed again by ``to_tsvector`` (about 50 µs
each): "vaccine" over 1M claims took 1.2 s. A generated column holds the document parsed once, at
write time, so the walk only compares it, and the planner's costs (which assume the comparison is
cheap) hold: the same search's rows query takes 15 ms. The price is the column, 226 bytes a claim
(bench/queue_scale.py, docs/scaling.md).

Adding a stored generated column rewrites the table under an exclusive lock (1.5–3 minutes for 1M
claims on the bench machine): run it in a maintenance window on a large desk, and
``VACUUM ANALYZE claims_claim`` after it.

The GIN index keeps its name, ``claim_search_idx``, now over the column. On SQLite (the search
falls back to LIKE there) this migration does nothing; the model does not declare the column, so
Django's model state stays the same on both.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models

INDEX_NAME = "claim_search_idx"
# Keep in step with claims.selectors.claim_search_vector() (migrations never import app code): the
# same document, in the order SearchVector("text", "claimant", "sentence") builds it.
DOCUMENT = ("to_tsvector('english'::regconfig, COALESCE(text, '') || ' ' || COALESCE(claimant, '') || ' ' "
            "|| COALESCE(sentence, ''))")


def add_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_NAME}"')
    schema_editor.execute(f"ALTER TABLE claims_claim ADD COLUMN search_vector tsvector "
                          f"GENERATED ALWAYS AS ({DOCUMENT}) STORED")
    schema_editor.execute(f'CREATE INDEX "{INDEX_NAME}" ON claims_claim USING gin (search_vector)')
    # The planner's statistics of the new column (how common each word is): without them it guesses,
    # and walks the priority order for a rare word. VACUUM cannot run in the migration's transaction:
    # until autovacuum (or a VACUUM by hand) sets the rewritten table's visibility map again, the
    # queue's counts read the table as well as the index.
    schema_editor.execute("ANALYZE claims_claim")


def drop_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE claims_claim DROP COLUMN search_vector")  # drops its index too
    # Migration 0012's expression index, as it built it.
    schema_editor.add_index(apps.get_model("claims", "Claim"), GinIndex(
        SearchVector("text", "claimant", "sentence", config="english"), name=INDEX_NAME))


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0035_admin_role_views_match_tables"),
    ]

    operations = [
        migrations.RunPython(add_column, drop_column, elidable=False),
        migrations.AddIndex(
            model_name="claim",
            index=models.Index(condition=models.Q(("checkworthy", True)), fields=["-priority", "-created_at", "-id"],
                               name="claim_queue_order_idx"),
        ),
    ]
