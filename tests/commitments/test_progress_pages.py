"""Recording progress in the browser at /commitments/<ref>/progress/: who may record which
source, all or nothing, each error next to its field, versions, and the milestone table that
shows each source's latest view."""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from action_plans.models import PlanStatus
from commitments.display import milestone_progress_table
from commitments.models import Completion, Milestone, ProgressSource, ProgressUpdate
from commitments.progress_reporting import progress_update_edit
from commitments.selectors import commitment_get_for_progress
from core.models import Event
from core.versioning import StaleVersion
from members.models import Role
from tests.action_plans.factories import ActionPlanFactory
from tests.members.factories import MemberFactory, UserFactory

from .drafting_fixtures import forum_member
from .factories import CommitmentFactory, MilestoneFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world():
    member = MemberFactory(name="Ghana")
    plan = ActionPlanFactory(
        member=member,
        status=PlanStatus.IMPLEMENTATION,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2027, 12, 31),
    )
    commitment = CommitmentFactory(plan=plan, ogp_id="GH0042", title="Asset Declaration")
    soon = MilestoneFactory(
        commitment=commitment,
        number=1,
        description="Public consultations held by parliament on the Bill",
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 20),
    )
    overdue = MilestoneFactory(
        commitment=commitment,
        number=2,
        description="Final Bill drafted by AG Department",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    other = MemberFactory(name="Morocco")
    return {
        "member": member,
        "commitment": commitment,
        "soon": soon,
        "overdue": overdue,
        "poc": UserFactory(role=Role.POINT_OF_CONTACT, member=member),
        "official": UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=member),
        "forum_cso": forum_member(member),
        "cso_outside_forum": UserFactory(role=Role.CIVIL_SOCIETY, member=member),
        "other_official": UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=other),
        "irm": UserFactory(role=Role.IRM_STAFF, member=None),
        "anonymous": None,
    }


def url(commitment) -> str:
    return f"/commitments/{commitment.ogp_id}/progress/"


def form_data(world, source: str, rows: dict[int, dict], seen: dict[int, int] | None = None):
    """The progress form as a browser posts it: row 0 the commitment, then each milestone."""
    targets = [None, world["soon"], world["overdue"]]
    data = {
        "source": source,
        "progress-TOTAL_FORMS": str(len(targets)),
        "progress-INITIAL_FORMS": str(len(targets)),
        "progress-MIN_NUM_FORMS": "0",
        "progress-MAX_NUM_FORMS": "1000",
    }
    for index, target in enumerate(targets):
        data[f"progress-{index}-milestone"] = str(target.pk) if target else ""
        data[f"progress-{index}-seen_latest"] = str((seen or {}).get(index, 0))
        for name, value in rows.get(index, {}).items():
            data[f"progress-{index}-{name}"] = value
    return data


def milestone_one_complete(**extra) -> dict[int, dict]:
    return {
        1: {
            "completion": "complete",
            "reported_on": "2026-11-20",
            "text": "Parliament held consultations in Accra, Kumasi and Tamale.",
            **extra,
        }
    }


def post_as(client, user, world, source: str, rows: dict[int, dict], **kwargs):
    if user is not None:
        client.force_login(user)
    return client.post(url(world["commitment"]), form_data(world, source, rows, **kwargs))


@pytest.mark.parametrize(
    ("who", "source", "allowed"),
    [
        ("poc", ProgressSource.GOVERNMENT, True),
        ("official", ProgressSource.GOVERNMENT, True),
        ("official", ProgressSource.CIVIL_SOCIETY, False),
        ("forum_cso", ProgressSource.CIVIL_SOCIETY, True),
        ("forum_cso", ProgressSource.GOVERNMENT, False),
        ("cso_outside_forum", ProgressSource.CIVIL_SOCIETY, False),
        ("other_official", ProgressSource.GOVERNMENT, False),
        ("irm", ProgressSource.IRM, True),
        ("irm", ProgressSource.GOVERNMENT, False),
    ],
)
def test_each_role_records_only_its_own_source(client, world, who, source, allowed):
    response = post_as(client, world[who], world, source, milestone_one_complete())

    stored = ProgressUpdate.objects.filter(milestone=world["soon"], source=source)
    if allowed:
        assert response.status_code == 302
        assert stored.get().author == world[who]
        event = Event.objects.get(kind="progress.reported")
        assert event.actor == world[who] and event.data["source"] == source
    else:
        assert response.status_code == 403
        assert not stored.exists()


def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in(client, world):
    response = post_as(client, None, world, ProgressSource.GOVERNMENT, milestone_one_complete())

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not ProgressUpdate.objects.exists()


def test_someone_without_a_source_is_told_who_records_progress(client, world):
    client.force_login(world["cso_outside_forum"])

    response = client.get(url(world["commitment"]))

    assert response.status_code == 403
    assert "holding a seat in its multi-stakeholder forum" in response.content.decode()


def test_a_plan_in_co_creation_refuses_progress_and_says_why(client, world):
    plan = world["commitment"].plan
    plan.status = PlanStatus.CO_CREATION
    plan.save()
    client.force_login(world["official"])

    page = client.get(url(world["commitment"]))
    posted = post_as(client, world["official"], world, "government", milestone_one_complete())

    assert page.status_code == 403
    assert "still in co-creation" in page.content.decode()
    assert posted.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_shadow_report_never_overwrites_the_governments(client, world):
    post_as(client, world["official"], world, "government", milestone_one_complete())
    client.logout()
    response = post_as(
        client,
        world["forum_cso"],
        world,
        "civil_society",
        {1: {"completion": "limited", "text": "Only one hearing was announced in advance."}},
        seen={},
    )

    assert response.status_code == 302
    views = {
        update.source: update.completion
        for update in ProgressUpdate.objects.filter(milestone=world["soon"])
    }
    assert views == {"government": "complete", "civil_society": "limited"}
    world["soon"].refresh_from_db()
    assert world["soon"].completion == Completion.COMPLETE  # the government's status
    page = client.get(world["commitment"].get_absolute_url()).content.decode()
    row = re.search(r"Public consultations held by parliament.*?</tr>", page, re.S).group(0)
    assert "Complete" in row and "Limited" in row


def test_a_government_update_sets_the_milestone_status_shown_in_the_table(client, world):
    post_as(client, world["official"], world, "government", milestone_one_complete())

    world["soon"].refresh_from_db()
    assert world["soon"].completion == Completion.COMPLETE
    assert world["soon"].completed_on == datetime.date(2026, 11, 20)
    assert Event.objects.filter(kind="milestone.completion_changed").count() == 1
    page = client.get(world["commitment"].get_absolute_url()).content.decode()
    row = re.search(r"Public consultations held by parliament.*?</tr>", page, re.S).group(0)
    assert "Complete" in row and "2026-11-20" in row


def test_several_milestones_are_recorded_in_one_submission(client, world):
    rows = {
        0: {"completion": "substantial", "text": "The Bill is before Parliament."},
        **milestone_one_complete(),
        2: {"completion": "limited", "text": "A draft exists; the final Bill is late."},
    }

    response = post_as(client, world["official"], world, "government", rows)

    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 3
    world["commitment"].refresh_from_db()
    assert world["commitment"].completion_self_reported == Completion.SUBSTANTIAL


def test_one_bad_row_stores_nothing_and_its_error_is_next_to_its_field(client, world):
    rows = {
        **milestone_one_complete(),
        2: {"completion": "limited", "text": "Late.", "evidence_links": "not a web address"},
    }

    response = post_as(client, world["official"], world, "government", rows)

    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()
    html = response.content.decode()
    assert re.search(r'id="id_progress-2-evidence_links_error">[^<]*not a web address', html)
    assert "_error" not in "".join(re.findall(r'id="id_progress-1-[a-z_]+"', html))


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        (
            {"completion": "complete", "reported_on": "2026-12-02", "text": "x"},
            "reported_on",
            "future",
        ),
        ({"completion": "finished", "text": "x"}, "completion", "valid choice"),
        ({"text": "Consultations were held."}, "completion", "Choose a completion level"),
        ({"completion": "complete"}, "text", "Say what has been done"),
        (
            {"completion": "complete", "text": "x", "reported_on": "yesterday"},
            "reported_on",
            "valid date",
        ),
    ],
)
def test_bad_input_is_refused_next_to_its_field(client, world, values, field, message):
    response = post_as(client, world["official"], world, "government", {1: values})

    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()
    error = re.search(rf'id="id_progress-1-{field}_error">([^<]*)<', response.content.decode())
    assert error and message in error.group(1)


def test_an_oversized_evidence_file_is_refused_next_to_its_field(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(world["official"])
    data = form_data(world, "government", milestone_one_complete())
    data["progress-1-evidence_file"] = SimpleUploadedFile(
        "minutes.pdf", PDF + b"0" * 4096, content_type="application/pdf"
    )

    response = client.post(url(world["commitment"]), data)

    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()
    error = re.search(r'id="id_progress-1-evidence_file_error">([^<]*)<', response.content.decode())
    assert error and "larger than" in error.group(1)


def test_an_evidence_file_is_stored_and_served_as_a_download(client, world):
    client.force_login(world["official"])
    data = form_data(world, "government", {0: {"completion": "limited", "text": "Started."}})
    data["progress-0-evidence_file"] = SimpleUploadedFile(
        "hearing-minutes.pdf", PDF, content_type="application/pdf"
    )

    assert client.post(url(world["commitment"]), data).status_code == 302

    evidence = ProgressUpdate.objects.get().evidence_files.get()
    assert evidence.file_type == "application/pdf"
    page = client.get(world["commitment"].get_absolute_url()).content.decode()
    link = f"/commitments/GH0042/progress/evidence/{evidence.pk}/"
    assert link in page
    download = client.get(link)
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_row_someone_reported_on_since_the_page_opened_is_refused_then_accepted(client, world):
    ProgressUpdateFactory(
        commitment=world["commitment"],
        milestone=world["soon"],
        source=ProgressSource.GOVERNMENT,
        author=world["poc"],
        completion=Completion.SUBSTANTIAL,
        reported_on=datetime.date(2026, 11, 25),
    )  # recorded after the official opened the page (seen_latest 0)

    stale = post_as(client, world["official"], world, "government", milestone_one_complete())

    assert stale.status_code == 409
    assert ProgressUpdate.objects.count() == 1
    html = stale.content.decode()
    assert "Someone reported progress here since you opened this page" in html
    newest = re.search(r'name="progress-1-seen_latest" value="(\d+)"', html).group(1)
    again = post_as(
        client,
        world["official"],
        world,
        "government",
        milestone_one_complete(),
        seen={1: int(newest)},
    )
    assert again.status_code == 302
    assert ProgressUpdate.objects.count() == 2


def test_its_author_corrects_an_update_and_a_stale_version_is_refused(client, world):
    post_as(client, world["official"], world, "government", milestone_one_complete())
    update = ProgressUpdate.objects.get()
    edit_url = f"/commitments/GH0042/progress/{update.pk}/edit/"
    values = {"completion": "substantial", "reported_on": "2026-11-20", "text": "Two of three."}

    saved = client.post(edit_url, {**values, "version": 1})
    stale = client.post(edit_url, {**values, "text": "Overwrite?", "version": 1})

    assert saved.status_code == 302
    assert stale.status_code == 409
    update.refresh_from_db()
    assert (update.version, update.text) == (2, "Two of three.")
    world["soon"].refresh_from_db()
    assert world["soon"].completion == Completion.SUBSTANTIAL  # follows the corrected update
    assert Event.objects.filter(kind="progress.updated").count() == 1


def test_only_its_author_may_correct_an_update(client, world):
    update = ProgressUpdateFactory(
        commitment=world["commitment"], milestone=world["soon"], author=world["poc"]
    )
    client.force_login(world["official"])

    response = client.get(f"/commitments/GH0042/progress/{update.pk}/edit/")

    assert response.status_code == 403
    with pytest.raises(StaleVersion):
        progress_update_edit(
            author=world["poc"],
            update=update,
            version=7,
            completion="complete",
            text="Done.",
            reported_on=None,
        )


def test_the_milestone_table_shows_each_sources_latest_view(world):
    soon, overdue = world["soon"], world["overdue"]
    for source, completion, day in [
        (ProgressSource.GOVERNMENT, Completion.LIMITED, 1),
        (ProgressSource.GOVERNMENT, Completion.SUBSTANTIAL, 20),
        (ProgressSource.CIVIL_SOCIETY, Completion.LIMITED, 25),
        (ProgressSource.IRM, Completion.NOT_STARTED, 10),
    ]:
        ProgressUpdateFactory(
            commitment=world["commitment"],
            milestone=soon,
            source=source,
            completion=completion,
            reported_on=datetime.date(2026, 11, day),
        )
    Milestone.objects.filter(pk=overdue.pk).update(completion=Completion.LIMITED)

    commitment = commitment_get_for_progress("GH0042", world["official"])
    rows = {row.milestone.number: row for row in milestone_progress_table(commitment, TODAY)}

    first = {view.source: (view.completion, view.reported_on) for view in rows[1].views}
    assert first == {
        "government": ("substantial", datetime.date(2026, 11, 20)),
        "civil_society": ("limited", datetime.date(2026, 11, 25)),
        "irm": ("not_started", datetime.date(2026, 11, 10)),
    }
    second = {view.source: view.completion for view in rows[2].views}
    assert second == {"government": "limited", "civil_society": "", "irm": ""}
    assert (rows[1].due, rows[2].due) == ("due_soon", "overdue")


def test_the_commitment_page_reads_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    def page_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(world["commitment"].get_absolute_url()).status_code == 200
        return len(queries)

    client.force_login(world["official"])
    ProgressUpdateFactory(commitment=world["commitment"], milestone=world["soon"])
    few = page_queries()
    for number in range(3, 9):
        milestone = MilestoneFactory(commitment=world["commitment"], number=number)
        for source in ProgressSource:
            ProgressUpdateFactory(
                commitment=world["commitment"], milestone=milestone, source=source
            )

    with django_assert_max_num_queries(few):
        assert client.get(world["commitment"].get_absolute_url()).status_code == 200


def test_the_progress_page_reads_a_constant_number_of_queries(
    client, world, django_assert_max_num_queries
):
    client.force_login(world["official"])
    for number in range(3, 12):
        milestone = MilestoneFactory(commitment=world["commitment"], number=number)
        for source in ProgressSource:
            ProgressUpdateFactory(
                commitment=world["commitment"], milestone=milestone, source=source
            )

    with django_assert_max_num_queries(12):
        response = client.get(url(world["commitment"]))

    assert response.status_code == 200
    assert response.content.decode().count('class="progress-row"') == 12


def test_the_commitment_page_links_the_progress_page_and_the_upload(client, world):
    client.force_login(world["forum_cso"])

    page = client.get(world["commitment"].get_absolute_url()).content.decode()
    form = client.get(url(world["commitment"])).content.decode()

    assert url(world["commitment"]) in page
    assert "/progress/upload/" in form
    assert "Civil society (shadow report)" in form


def test_a_bulk_uploaded_government_row_on_a_milestone_sets_its_status(world):
    import io

    from commitments.services import progress_update_bulk_create

    csv = (
        "commitment,milestone,source,reported_on,completion,text,evidence_links\n"
        "GH0042,2,government,2026-11-30,complete,The AG Department sent the final Bill.,\n"
    )

    progress_update_bulk_create(author=world["official"], file=io.BytesIO(csv.encode()))

    world["overdue"].refresh_from_db()
    assert world["overdue"].completion == Completion.COMPLETE
    assert world["overdue"].completed_on == datetime.date(2026, 11, 30)
