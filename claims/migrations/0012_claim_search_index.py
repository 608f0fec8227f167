"""A GIN index for the queue's full-text search (PostgreSQL only).

The queue searches ``SearchVector("text", "claimant", "sentence",
config="english")`` (claims.selectors.claim_search_vector). The index is built
from that same expression, compiled by Django, so the planner can match the
query's WHERE clause to it. On SQLite (the search falls back to LIKE there)
this migration does nothing. The index is not declared in Claim.Meta so that
SQLite's migrations and model state stay free of PostgreSQL-only index types.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "claim_search_idx"


def _index():
    # Keep in step with claims.selectors.claim_search_vector() (migrations never import app code).
    return GinIndex(SearchVector("text", "claimant", "sentence", config="english"), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("claims", "Claim"), _index())


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("claims", "Claim"), _index())


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0011_external_reviews"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
