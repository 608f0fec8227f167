"""Gzipped inputs (.gz HTML or text) in `extract`, `ingest` and the upload form, limits on what they inflate to."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from claims.errors import InputTooLarge, InvalidInput
from claims.models import Article, ExtractionJob
from claims.services import ingest

PAGE = (
    "<html><head><title>Floods</title><meta property='og:site_name' content='The Courier'></head><body><article>"
    "<p>The council said that 2,400 homes were flooded in March, twice as many as last year.</p>"
    "<p>The mayor said repairs would cost £12 million and take until 2027.</p></article></body></html>"
)
TEXT = "Floods\n\nThe council said that 2,400 homes were flooded in March, twice as many as last year.\n"
# 64 MB of zeros in about 64 KB of gzip.
BOMB = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)


def test_gzipped_html_and_text_are_read_like_the_plain_files():
    assert ingest.file_input(gzip.compress(PAGE.encode()), name="story.html.gz") == {"html": PAGE}
    assert ingest.file_input(gzip.compress(TEXT.encode()), name="story.txt.gz") == {"text": TEXT}
    # No telling name: the content decides.
    assert ingest.file_input(gzip.compress(PAGE.encode()), name="story.gz") == {"html": PAGE}
    # Two members one after the other, as `cat a.gz b.gz` makes.
    halves = gzip.compress(TEXT[:20].encode()) + gzip.compress(TEXT[20:].encode())
    assert ingest.file_input(halves, name="story.txt.gz") == {"text": TEXT}


def test_a_gzip_bomb_is_refused_after_at_most_the_limit(settings):
    settings.VERIFY_MAX_INPUT_BYTES = 1024 * 1024
    with pytest.raises(InputTooLarge, match="decompresses to more than the limit of 1,048,576 bytes"):
        ingest.file_input(BOMB, name="story.html.gz")


def test_the_limit_holds_for_the_decompressed_size(settings):
    packed = gzip.compress(PAGE.encode())
    settings.VERIFY_MAX_INPUT_BYTES = len(packed) + 10  # the file fits, its content does not
    assert len(PAGE) > settings.VERIFY_MAX_INPUT_BYTES
    with pytest.raises(InputTooLarge):
        ingest.file_input(packed, name="story.html.gz")


@pytest.mark.parametrize(
    ("data", "message"),
    # mtime=0: the same bytes in every process (pytest-xdist's workers must collect the same test ids).
    [(gzip.compress(PAGE.encode(), mtime=0)[:40], "cut short"), (b"\x1f\x8b\x08\x00garbage-not-deflate", "corrupt")],
    ids=["cut-short", "not-deflate"],
)
def test_broken_gzip_is_a_clear_error(data, message):
    with pytest.raises(InvalidInput, match=message):
        ingest.file_input(data, name="story.html.gz")


def test_extract_command_reads_a_gzipped_page(db, tmp_path, capsys):
    path = tmp_path / "story.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode()))
    call_command("extract", str(path), "--json")
    out = json.loads(capsys.readouterr().out)
    assert "2,400 homes were flooded" in out["article"]["text"]
    assert any("2,400 homes" in c["text"] for c in out["claims"])


def test_extract_command_refuses_a_gzip_bomb(db, tmp_path, settings):
    settings.VERIFY_MAX_INPUT_BYTES = 1024 * 1024
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(BOMB)
    with pytest.raises(CommandError, match="gzip bomb"):
        call_command("extract", str(path), "--json")


def test_ingest_command_saves_a_gzipped_text_and_refuses_a_bomb(db, tmp_path, capsys, settings):
    good = tmp_path / "story.txt.gz"
    good.write_bytes(gzip.compress(TEXT.encode()))
    call_command("ingest", str(good), "--wait")
    assert "succeeded" in capsys.readouterr().out
    assert "2,400 homes" in Article.objects.get().text
    settings.VERIFY_MAX_INPUT_BYTES = 1024 * 1024
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(BOMB)
    with pytest.raises(CommandError, match="1 of 1 inputs failed"):
        call_command("ingest", str(bomb), "--wait")
    assert "gzip bomb" in capsys.readouterr().err
    assert ExtractionJob.objects.count() == 1


def test_upload_form_takes_a_gzipped_page_and_refuses_a_bomb(
    client, users, settings, django_capture_on_commit_callbacks
):
    client.force_login(users["checker"])
    packed = gzip.compress(PAGE.encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("ingest"), {"html_file": SimpleUploadedFile("story.html.gz", packed, "application/gzip")}
        )
    assert response.status_code == 302
    assert ExtractionJob.objects.get().status == "succeeded"
    settings.VERIFY_MAX_INPUT_BYTES = 1024 * 1024
    refused = client.post(
        reverse("ingest"), {"html_file": SimpleUploadedFile("story.html.gz", BOMB, "application/gzip")}
    )
    assert refused.status_code == 413 and "gzip bomb" in refused.content.decode()
    assert ExtractionJob.objects.count() == 1
    wrong = client.post(reverse("ingest"), {"html_file": SimpleUploadedFile("data.pdf.gz", packed, "application/gzip")})
    assert wrong.status_code == 400 and "gzipped (.gz)" in wrong.content.decode()
