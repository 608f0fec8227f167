"""Notifications: who hears of each workflow move, in the desk and by email, as each person chose."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from factories import claim_in_state, correct_published, make_claim

from claims.models import Notification, NotificationPreference
from claims.services import notifications, workflow


@pytest.fixture
def emails(users):
    """Everyone has an address, as the demo users do."""
    for user in users.values():
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    return users


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).order_by("id").values_list("kind", flat=True))


def test_assignment_notifies_the_assignee_in_the_desk_and_by_email(emails, django_capture_on_commit_callbacks):
    users = emails
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=users["checker2"])
    (note,) = Notification.objects.filter(recipient=users["checker2"])
    assert (note.kind, note.actor, note.claim_id, note.in_app) == ("assigned", users["editor"], claim.pk, True)
    assert note.message.startswith(f"edith assigned you claim {claim.pk}")
    assert note.email_status == "sent" and note.email_attempts == 1
    (message,) = mail.outbox
    assert message.to == ["charlie@example.org"] and message.subject == "[Verify Desk] Assigned to you"
    assert f"/claims/{claim.pk}/" in message.body and "/notifications/preferences/" in message.body


def test_taking_a_claim_yourself_notifies_nobody(emails, django_capture_on_commit_callbacks):
    claim = claim_in_state("triaged", checker=emails["checker"], editor=emails["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=emails["checker"], assignee=emails["checker"])
    assert not Notification.objects.exists() and mail.outbox == []


def test_submitting_asks_every_editor_who_may_approve_and_not_the_writer(emails):
    users = emails
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    Notification.objects.all().delete()
    workflow.claim_submit(claim=claim, actor=users["checker"])
    told = set(Notification.objects.filter(kind="approval_requested").values_list("recipient__username", flat=True))
    assert told == {"edith", "eddie", "ada"}  # the editors and the admin; not checkers, viewers or the writer
    assert "chris asks for approval of the verdict" in Notification.objects.first().message


def test_an_editor_who_rewrote_the_draft_is_not_asked_to_approve_it(emails):
    users = emails
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    from factories import rating

    workflow.verdict_save(claim=claim, actor=users["editor"], rating=rating(), headline="False: rewritten")
    Notification.objects.all().delete()
    workflow.claim_submit(claim=claim, actor=users["checker"])
    told = set(Notification.objects.filter(kind="approval_requested").values_list("recipient__username", flat=True))
    assert told == {"eddie", "ada"}


def test_requesting_changes_tells_the_checker_and_the_mentioned(emails):
    users = emails
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    workflow.claim_request_changes(claim=claim, actor=users["editor"], comment="Cite the ONS table, @eddie")
    assert kinds_of(users["checker"])[-1] == "changes_requested"
    note = Notification.objects.get(recipient=users["checker"], kind="changes_requested")
    assert note.message == f"edith asks for changes to the verdict on claim {claim.pk}: Cite the ONS table, @eddie"
    assert kinds_of(users["editor2"])[-1] == "mention"
    assert list(claim.comments.get().mentions.all()) == [users["editor2"]]  # in "My work" too
    assert not Notification.objects.filter(recipient=users["editor"], kind="changes_requested").exists()


def test_asking_the_checker_for_changes_with_a_mention_tells_them_once(emails):
    users = emails
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    workflow.claim_request_changes(claim=claim, actor=users["editor"], comment="@chris cite the table")
    assert kinds_of(users["checker"]) == ["changes_requested"]


def test_people_without_a_role_are_never_told_of_a_claim(emails, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.comment_add(claim=make_claim(), actor=emails["checker"], body="@nora have a look")
    assert not Notification.objects.exists() and mail.outbox == []  # nora holds no role: no claim text for her


def test_a_mention_in_a_comment_notifies_each_named_active_person_once(emails):
    users = emails
    claim = make_claim()
    users["checker2"].is_active = False
    users["checker2"].save()
    workflow.comment_add(
        claim=claim, actor=users["checker"], body="@edith @edith see this; @charlie @nobody-here @chris"
    )
    assert set(Notification.objects.filter(kind="mention").values_list("recipient__username", flat=True)) == {"edith"}
    assert Notification.objects.filter(kind="mention").count() == 1  # not twice, not the inactive, not oneself


def test_publishing_tells_those_who_worked_on_the_verdict(emails):
    users = emails
    claim = claim_in_state("approved", checker=users["checker"], editor=users["editor"])
    workflow.verdict_publish(claim=claim, actor=users["editor2"])
    told = set(Notification.objects.filter(kind="published").values_list("recipient__username", flat=True))
    assert told == {"chris", "edith"}  # the checker who wrote it, the editor who approved it; not the publisher
    assert "eddie published the verdict" in Notification.objects.filter(kind="published").first().message


def test_a_correction_asks_for_approval_then_tells_the_team_it_is_published(emails):
    users = emails
    claim = claim_in_state("published", checker=users["checker"], editor=users["editor"])
    Notification.objects.all().delete()
    correct_published(claim, corrector=users["editor"], approver=users["editor2"], note="The date was wrong")
    asked = set(Notification.objects.filter(kind="approval_requested").values_list("recipient__username", flat=True))
    assert asked == {"eddie", "ada"}
    published = Notification.objects.filter(kind="published")
    assert set(published.values_list("recipient__username", flat=True)) == {"chris", "edith"}
    assert "a correction of the verdict" in published.first().message


def test_preferences_choose_the_channel_per_kind(emails, django_capture_on_commit_callbacks):
    users = emails
    checker2 = users["checker2"]
    notifications.preferences_save(user=checker2, choices={"assigned": (False, True)})
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=checker2)
    note = Notification.objects.get(recipient=checker2)
    assert (note.in_app, note.email_status) == (False, "sent")  # emailed only, not in the desk's list
    assert len(mail.outbox) == 1 and list(notifications_list(checker2)) == []

    notifications.preferences_save(user=checker2, choices={"assigned": (False, False)})
    reassign_away(claim, users, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=checker2)
    assert Notification.objects.filter(recipient=checker2).count() == 1 and len(mail.outbox) == 1  # nothing new

    notifications.preferences_save(user=checker2, choices={"assigned": (True, False)})
    reassign_away(claim, users, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=checker2)
    newest = Notification.objects.filter(recipient=checker2).first()
    assert (newest.in_app, newest.email_status) == (True, "none") and len(mail.outbox) == 1


def reassign_away(claim, users, capture):
    """Assign the claim to someone else in between (assigning the same person twice is refused);
    only the second checker's mail is kept."""
    claim.refresh_from_db()
    with capture(execute=True):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=users["checker"])
    mail.outbox[:] = [m for m in mail.outbox if users["checker2"].email in m.to]
    claim.refresh_from_db()


def notifications_list(user):
    from claims.selectors import notifications_for

    return notifications_for(user=user)


def test_someone_without_an_address_is_told_in_the_desk_only(users, django_capture_on_commit_callbacks):
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=users["editor"], assignee=users["checker2"])
    note = Notification.objects.get(recipient=users["checker2"])
    assert (note.in_app, note.email_status) == (True, "none") and mail.outbox == []


def test_unknown_kinds_are_refused_with_their_names(users):
    from claims.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"Unknown notification kinds \['assignd'\]"):
        notifications.preferences_save(user=users["checker"], choices={"assignd": (True, True)})


def test_a_failed_send_is_recorded_then_marked_failed_after_the_last_attempt(emails, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens
    claim = claim_in_state("triaged", checker=emails["checker"], editor=emails["editor"])
    workflow.claim_assign(claim=claim, actor=emails["editor"], assignee=emails["checker2"])
    note = Notification.objects.get(recipient=emails["checker2"])
    assert notifications.email_deliver(notification_id=note.pk) is False
    note.refresh_from_db()
    assert note.email_status == "pending" and note.email_attempts == 1 and "refused" in note.email_error.lower()
    notifications.email_gave_up(notification_id=note.pk)
    note.refresh_from_db()
    assert note.email_status == "failed"
    assert notifications.email_deliver(notification_id=note.pk) is None  # never tried again


def test_a_delivered_email_is_not_sent_again_by_a_second_copy_of_the_task(emails, django_capture_on_commit_callbacks):
    claim = claim_in_state("triaged", checker=emails["checker"], editor=emails["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.claim_assign(claim=claim, actor=emails["editor"], assignee=emails["checker2"])
    note = Notification.objects.get(recipient=emails["checker2"])
    assert notifications.email_deliver(notification_id=note.pk) is None
    assert len(mail.outbox) == 1


def test_emails_the_broker_never_took_are_resent_once(emails, settings):
    settings.VERIFY_EMAIL_RESEND_SECONDS = 60
    claim = claim_in_state("triaged", checker=emails["checker"], editor=emails["editor"])
    workflow.claim_assign(claim=claim, actor=emails["editor"], assignee=emails["checker2"])  # no commit: not sent
    note = Notification.objects.get(recipient=emails["checker2"])
    assert (note.email_status, note.email_sent_at) == ("pending", None)
    assert notifications.emails_resend() == 0  # too young: its message may still be on the way
    Notification.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert notifications.emails_resend() == 1  # tasks run inline here: sent now
    note.refresh_from_db()
    assert note.email_status == "sent" and len(mail.outbox) == 1
    assert notifications.emails_resend() == 0


# --- The pages -----------------------------------------------------------------------------------


def test_the_nav_bell_counts_unread_and_the_page_lists_only_ones_own(client, emails):
    users = emails
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    client.force_login(users["editor2"])
    queue = client.get(reverse("queue")).content.decode()
    assert 'aria-label="Notifications, 1 unread"' in queue and "data-unread>1<" in queue
    page = client.get(reverse("notifications")).content.decode()
    assert "chris asks for approval of the verdict" in page and "A verdict waits for approval" in page
    client.force_login(users["viewer"])
    page = client.get(reverse("notifications")).content.decode()
    assert "No notifications yet." in page and "asks for approval" not in page
    assert 'aria-label="Notifications"' in client.get(reverse("queue")).content.decode()
    assert claim.pk


def test_opening_a_notification_marks_it_read_and_goes_to_its_claim(client, emails):
    users = emails
    claim = claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    note = Notification.objects.get(recipient=users["editor2"])
    client.force_login(users["editor"])
    response = client.post(reverse("notifications_read"), {"id": note.pk}, follow=True)
    assert f"You have no notification {note.pk}." in response.content.decode()  # someone else's: untouched
    assert Notification.objects.get(pk=note.pk).read_at is None
    client.force_login(users["editor2"])
    response = client.post(reverse("notifications_read"), {"id": note.pk})
    assert response.status_code == 302 and response["Location"] == reverse("claim", args=[claim.pk])
    assert Notification.objects.get(pk=note.pk).read_at is not None
    assert "data-unread" not in client.get(reverse("queue")).content.decode()


def test_mark_all_read_and_bad_ids(client, emails):
    users = emails
    claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    claim_in_state("awaiting_approval", checker=users["checker"], editor=users["editor"])
    client.force_login(users["editor2"])
    response = client.post(reverse("notifications_read"), {"id": "12x"}, follow=True)
    assert "&#x27;12x&#x27; is not a notification number." in response.content.decode()
    response = client.post(reverse("notifications_read"), {}, follow=True)
    assert "Marked 2 notifications read." in response.content.decode()
    assert not Notification.objects.filter(recipient=users["editor2"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=users["admin"], read_at__isnull=True).count() == 2


def test_the_preferences_page_saves_each_choice(client, emails):
    user = emails["checker"]
    client.force_login(user)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "Mentioned in a comment" in page and page.count('type="checkbox"') == 10
    assert page.count("checked") == 10  # both channels on until chosen
    response = client.post(
        reverse("notification_preferences"),
        {"assigned_in_app": "on", "mention_email": "on", "published_in_app": "on"},
        follow=True,
    )
    assert "Your notification choices are saved." in response.content.decode()
    chosen = {p.kind: (p.in_app, p.email) for p in NotificationPreference.objects.filter(user=user)}
    assert chosen == {
        "assigned": (True, False),
        "approval_requested": (False, False),
        "changes_requested": (False, False),
        "mention": (False, True),
        "published": (True, False),
    }


def test_the_preferences_page_says_when_nothing_can_be_emailed(client, users):
    client.force_login(users["checker"])
    assert "Your account has no email address" in client.get(reverse("notification_preferences")).content.decode()


# --- Through the real worker ---------------------------------------------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_emails_the_editor_after_the_submit_commits(async_tasks, users):
    from conftest import wait_for

    editor2 = users["editor2"]
    editor2.email = "eddie@example.org"
    editor2.save(update_fields=["email"])
    claim = claim_in_state("in_review", checker=users["checker"], editor=users["editor"])
    before = set(async_tasks.mail_dir.iterdir())
    workflow.claim_submit(claim=claim, actor=users["checker"])  # commits (autocommit): on_commit sends
    note = Notification.objects.get(recipient=editor2, kind="approval_requested")
    wait_for(lambda: Notification.objects.get(pk=note.pk).email_status == "sent", worker=async_tasks)
    written = [p.read_text() for p in set(async_tasks.mail_dir.iterdir()) - before]
    mine = [m for m in written if "To: eddie@example.org" in m]
    assert len(mine) == 1, written
    assert "Subject: [Verify Desk] A verdict waits for your approval" in mine[0]
    assert f"/claims/{claim.pk}/" in mine[0] and "chris asks for approval of the verdict" in mine[0]
    # Users without an address (the other editors here) were told in the desk only.
    assert Notification.objects.get(recipient=users["admin"]).email_status == "none"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_broker_down_the_move_succeeds_and_the_email_waits_for_the_resend(users, tmp_path, settings):
    """The row is the outbox: with no broker the assignment still answers at once, the email stays
    pending and unsent, and the periodic re-send sends it once the broker is back."""
    from conftest import database_url
    from django.db import connection
    from private_stack import run_django, stack_env

    users["checker2"].email = "charlie@example.org"
    users["checker2"].save(update_fields=["email"])
    claim = claim_in_state("triaged", checker=users["checker"], editor=users["editor"])
    env = stack_env(
        database_url=database_url(connection.settings_dict),
        var_dir=tmp_path,
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
    )  # nothing listens on port 1
    answered = run_django(
        env,
        f"""
import time
from django.contrib.auth import get_user_model
from django.test import Client
User = get_user_model()
desk = Client()
desk.force_login(User.objects.get(username="edith"))
started = time.monotonic()
response = desk.post("/claims/{claim.pk}/move/assign/", {{"assignee": User.objects.get(username="charlie").pk,
                                                         "version": {claim.version}}})
result = {{"status": response.status_code, "seconds": time.monotonic() - started}}
""",
    )
    assert answered["status"] == 302 and answered["seconds"] < 10, answered
    note = Notification.objects.get(recipient=users["checker2"], kind="assigned")
    assert (note.email_status, note.email_sent_at, note.email_attempts) == ("pending", None, 0)
    assert mail.outbox == []

    settings.VERIFY_EMAIL_RESEND_SECONDS = 0  # the broker is back (here: tasks run inline)
    from claims import tasks

    assert tasks.requeue_stalled_jobs() >= 1
    note.refresh_from_db()
    assert note.email_status == "sent" and [m.to for m in mail.outbox] == [["charlie@example.org"]]
    assert notifications.emails_resend() == 0  # sent: never again
