import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from commitments import comments, drafting
from commitments.models import Commitment
from core.models import Event
from members.models import Role
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_forum_member_drafts_a_commitment_with_milestones_as_version_1(draft, official):
    assert draft.version == 1
    assert draft.number == "1"
    assert draft.publication_state == Commitment.PublicationState.DRAFT
    assert [m.number for m in draft.milestones.all()] == [1, 2]
    record = draft.history.get()
    assert record.history_user == official and record.history_type == "+"
    assert Event.objects.filter(kind="commitment.created", object_id=draft.pk).exists()


def test_someone_outside_the_forum_cannot_draft(plan):
    outsider = UserFactory(role=Role.CIVIL_SOCIETY, member=plan.member)  # no seat
    with pytest.raises(PermissionDenied):
        drafting.commitment_create(user=outsider, plan=plan, values={"title": "X"})


def test_a_submitted_plans_commitments_cannot_be_edited(draft, official):
    draft.plan.status = "submitted"
    draft.plan.save()
    with pytest.raises(PermissionDenied):
        drafting.commitment_update(
            user=official, commitment=draft, version=1, values={"title": "Changed"}
        )


def test_bad_fields_are_named_and_nothing_is_stored(draft, official):
    with pytest.raises(ValidationError) as error:
        drafting.commitment_update(
            user=official,
            commitment=draft,
            version=1,
            values={"title": " ", "start_date": "2027-05-01", "end_date": "2027-01-01"},
        )
    assert set(error.value.message_dict) == {"title", "end_date"}
    draft.refresh_from_db()
    assert draft.version == 1 and draft.title == "Open budget data"


def test_an_edit_is_a_new_version_by_its_author(draft, activist):
    saved = drafting.commitment_update(
        user=activist, commitment=draft, version=1, values={"title": "Open budgets"}
    )
    assert saved.version == 2
    latest = saved.history.order_by("-history_date").first()
    assert latest.history_user == activist and latest.title == "Open budgets"


def test_milestones_are_reordered_edited_and_removed(draft, official):
    first, second = drafting.milestone_drafts(draft)
    third = drafting.MilestoneDraft("Train journalists")
    drafting.commitment_update(
        user=official,
        commitment=draft,
        version=1,
        values={},
        milestones=[third, drafting.MilestoneDraft("Hold four hearings", id=second.id)],
    )
    assert [(m.number, m.description) for m in draft.milestones.all()] == [
        (1, "Train journalists"),
        (2, "Hold four hearings"),
    ]
    assert draft.milestones.get(number=2).pk == second.id


def test_changes_to_different_fields_both_survive_a_stale_save(draft, official, activist):
    drafting.commitment_update(
        user=official, commitment=draft, version=1, values={"title": "Open budgets"}
    )
    saved = drafting.commitment_update(
        user=activist,
        commitment=draft,
        version=1,
        values={"title": "Open budget data", "problem": "Budgets are scanned PDFs."},
    )
    assert saved.version == 3
    assert saved.title == "Open budgets"
    assert saved.problem == "Budgets are scanned PDFs."


def test_changes_to_the_same_field_conflict_and_store_nothing(draft, official, activist):
    drafting.commitment_update(
        user=official, commitment=draft, version=1, values={"title": "Open budgets", "theme": "B"}
    )
    with pytest.raises(drafting.CommitmentConflict) as conflict:
        drafting.commitment_update(
            user=activist,
            commitment=draft,
            version=1,
            values={"title": "Budgets in the open", "problem": "Scanned PDFs."},
        )
    assert conflict.value.current_version == 2
    [field] = conflict.value.conflicts
    assert (field.field, field.base, field.theirs, field.mine) == (
        "title",
        "Open budget data",
        "Open budgets",
        "Budgets in the open",
    )
    assert conflict.value.merged["theme"] == "B"
    assert conflict.value.merged["problem"] == "Scanned PDFs."
    draft.refresh_from_db()
    assert draft.version == 2 and draft.problem == "Budgets are PDFs."


def test_milestone_lists_changed_on_both_sides_conflict(draft, official, activist):
    drafting.milestone_create(
        user=official, commitment=draft, version=1, draft=drafting.MilestoneDraft("A")
    )
    with pytest.raises(drafting.CommitmentConflict) as conflict:
        drafting.commitment_update(
            user=activist,
            commitment=draft,
            version=1,
            values={},
            milestones=[drafting.MilestoneDraft("B")],
        )
    assert conflict.value.conflicting_fields == ["milestones"]


def test_a_restore_is_a_new_version_with_the_earlier_text_and_milestones(draft, official):
    first = draft.history.get()
    drafting.commitment_update(
        user=official,
        commitment=draft,
        version=1,
        values={"title": "Renamed"},
        milestones=[drafting.MilestoneDraft("Only one")],
    )
    restored = drafting.commitment_restore(
        user=official, commitment=draft, history_id=first.history_id, version=2
    )
    assert restored.version == 3 and restored.title == "Open budget data"
    assert [m.description for m in restored.milestones.all()] == [
        "Publish the 2027 budget as CSV",
        "Hold two public hearings",
    ]
    assert Event.objects.filter(kind="commitment.version_restored").count() == 1


def test_a_restore_from_a_stale_version_stores_nothing(draft, official):
    first = draft.history.get()
    drafting.commitment_update(user=official, commitment=draft, version=1, values={"title": "R"})
    with pytest.raises(drafting.StaleVersion):
        drafting.commitment_restore(
            user=official, commitment=draft, history_id=first.history_id, version=1
        )


def test_a_reply_to_a_reply_joins_the_thread(draft, official, activist):
    comment = comments.commitment_comment_create(user=official, commitment=draft, text="Hi")
    reply = comments.commitment_comment_create(
        user=activist, commitment=draft, text="Hello", reply_to=comment
    )
    again = comments.commitment_comment_create(
        user=official, commitment=draft, text="Again", reply_to=reply
    )
    assert again.reply_to == comment


def test_an_empty_comment_is_refused(draft, official):
    with pytest.raises(ValidationError) as error:
        comments.commitment_comment_create(user=official, commitment=draft, text="  ")
    assert "text" in error.value.message_dict


def test_a_mention_emails_a_forum_member_after_the_commit(
    draft, official, activist, django_capture_on_commit_callbacks
):
    from tests.notifications.factories import NotificationSettingsFactory

    NotificationSettingsFactory(user=activist, email_frequency="immediately")
    outsider = UserFactory(username="outsider", role=Role.CIVIL_SOCIETY)
    NotificationSettingsFactory(user=outsider, email_frequency="immediately")
    with django_capture_on_commit_callbacks(execute=True):
        comments.commitment_comment_create(
            user=official,
            commitment=draft,
            text=f"@{activist.username} and @outsider, see <b>this</b>",
        )
    assert [message.to for message in mail.outbox] == [[activist.email]]
    assert "see <b>this</b>" in mail.outbox[0].body
    assert outsider.email not in mail.outbox[0].to


def test_a_forum_member_outside_the_forum_cannot_comment(draft):
    with pytest.raises(PermissionDenied):
        comments.commitment_comment_create(
            user=UserFactory(role=Role.IRM_STAFF, member=None), commitment=draft, text="Hi"
        )
