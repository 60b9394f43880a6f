import csv
import datetime
import hashlib
import io
import tracemalloc
import zipfile

import orjson
import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from commitments import progress_csv
from commitments.models import Commitment
from irm_reviews.models import ReviewCycle
from ogp_portal.open_data import selectors
from ogp_portal.open_data.resources import RESOURCES
from ogp_portal.open_data.services import open_data_dump_create
from ogp_portal.open_data.tasks import export_open_data
from tests.action_plans.factories import ActionPlanFactory
from tests.commitments.factories import CommitmentFactory, MilestoneFactory, ProgressUpdateFactory
from tests.irm_reviews.factories import CommitmentAssessmentFactory, ReviewCycleFactory
from tests.members.factories import (
    ForumMeetingFactory,
    ForumSeatFactory,
    MemberFactory,
    MultiStakeholderForumFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = Commitment.PublicationState.DRAFT


@pytest.fixture(autouse=True)
def exports_dir(settings, tmp_path):
    settings.EXPORTS_DIR = tmp_path / "exports"
    return settings.EXPORTS_DIR


@pytest.fixture
def portal_data():
    """Two members' public records, plus drafts and private records the dump must leave out."""
    for n in range(2):
        member = MemberFactory()
        forum = MultiStakeholderForumFactory(member=member)
        ForumSeatFactory(forum=forum)
        ForumMeetingFactory(forum=forum)
        ForumMeetingFactory(forum=forum, is_public=False, title="Private meeting")
        plan = ActionPlanFactory(member=member)
        commitment = CommitmentFactory(plan=plan, ogp_id=f"A{n}0001")
        MilestoneFactory(commitment=commitment, number=1)
        MilestoneFactory(commitment=commitment, number=2)
        ProgressUpdateFactory(commitment=commitment)
        draft = CommitmentFactory(plan=plan, ogp_id=None, publication_state=DRAFT, title="Draft")
        MilestoneFactory(commitment=draft, number=1)
        ProgressUpdateFactory(commitment=draft, text="Draft progress")
        published = ReviewCycleFactory(
            plan=plan,
            kind=ReviewCycle.Kind.ACTION_PLAN_REVIEW,
            state=ReviewCycle.State.PUBLISHED,
            published_on=datetime.date(2024, 5, 1),
            narrative="Published findings",
        )
        CommitmentAssessmentFactory(cycle=published, commitment=commitment)
        CommitmentAssessmentFactory(cycle=published, commitment=draft)
        researching = ReviewCycleFactory(
            plan=plan, kind=ReviewCycle.Kind.RESULTS_REPORT, narrative="Unpublished draft text"
        )
        CommitmentAssessmentFactory(cycle=researching, commitment=commitment)


def read_dump(path) -> tuple[dict, dict[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    return orjson.loads(contents.pop("manifest.json")), contents


EXPECTED_COUNTS = {
    "members": 2,
    "forums": 2,
    "forum_seats": 2,
    "forum_meetings": 2,
    "action_plans": 2,
    "commitments": 2,
    "milestones": 4,
    "progress_updates": 2,
    "review_cycles": 4,
    "assessments": 2,
}


def test_dump_holds_every_resource_with_counts_and_checksums_matching_the_manifest(portal_data):
    path = open_data_dump_create()

    manifest, contents = read_dump(path)

    assert manifest["resources"] == EXPECTED_COUNTS
    assert manifest["portal_version"]
    assert set(contents) == {f"{r.name}.{fmt}" for r in RESOURCES for fmt in ("csv", "jsonl")}
    for entry in manifest["files"]:
        data = contents[entry["name"]]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
        if entry["format"] == "csv":
            rows = list(csv.reader(io.StringIO(data.decode())))
            assert len(rows) - 1 == entry["rows"] == EXPECTED_COUNTS[entry["resource"]]
        else:
            lines = data.decode().splitlines()
            assert len(lines) == entry["rows"]
            assert all(isinstance(orjson.loads(line), dict) for line in lines)


def test_dump_is_keyed_on_ogp_identifiers_and_progress_uses_the_upload_format(portal_data):
    _manifest, contents = read_dump(open_data_dump_create())

    commitments = [orjson.loads(line) for line in contents["commitments.jsonl"].splitlines()]
    assert {c["ogp_id"] for c in commitments} == {"A00001", "A10001"}
    assert all(c["plan"].startswith("AP_") for c in commitments)
    header = next(csv.reader(io.StringIO(contents["progress_updates.csv"].decode())))
    assert tuple(header) == progress_csv.COLUMNS


def test_dump_leaves_out_drafts_and_private_records(portal_data):
    _manifest, contents = read_dump(open_data_dump_create())

    everything = b"".join(contents.values())
    assert b"Draft progress" not in everything
    assert b"Private meeting" not in everything
    assert b"Unpublished draft text" not in everything
    assert b"Published findings" in everything
    assert b'"title":"Draft"' not in contents["commitments.jsonl"]


def test_a_formula_in_a_progress_text_comes_back_neutralised_in_the_dump():
    formula = '=HYPERLINK("http://example.com/steal","Click")'
    ProgressUpdateFactory(commitment=CommitmentFactory(ogp_id="AL0001"), text=formula)

    _manifest, contents = read_dump(open_data_dump_create())

    [row] = csv.DictReader(io.StringIO(contents["progress_updates.csv"].decode()))
    assert row["text"] == "'" + formula
    [line] = contents["progress_updates.jsonl"].splitlines()
    assert orjson.loads(line)["text"] == formula  # JSON is not a spreadsheet: left as written


def test_running_the_task_twice_the_same_day_leaves_one_complete_dump(portal_data, exports_dir):
    export_open_data.delay()
    first = selectors.open_data_dump_list()
    name = export_open_data.delay().get()

    dumps = selectors.open_data_dump_list()
    assert [d["name"] for d in dumps] == [name] == [first[0]["name"]]
    assert dumps[0]["counts"] == EXPECTED_COUNTS
    assert sorted(p.name for p in exports_dir.iterdir()) == [name]  # no temporary file left


def test_it_keeps_only_the_newest_dumps(settings, exports_dir):
    settings.OPEN_DATA_DUMPS_KEEP = 2
    for day in (1, 2, 3):
        open_data_dump_create(now=datetime.datetime(2025, 1, day, 2, tzinfo=datetime.UTC))

    assert [p.name for p in selectors.dump_paths()] == [
        "ogp-open-data-2025-01-03.zip",
        "ogp-open-data-2025-01-02.zip",
    ]


def test_memory_stays_bounded_while_dumping_thousands_of_rows():
    """About 20 MB of commitment text; the dump holds a few hundred rows at a time."""
    ROWS = 10_000
    plan = ActionPlanFactory()
    text = "Publish every bill, amendment and vote as open data. " * 40  # about 2 kB
    Commitment.objects.bulk_create(
        Commitment(
            plan=plan,
            ogp_id=f"MB{n:04d}",
            number=str(n),
            position=n,
            title=f"Commitment {n}",
            description=text,
            publication_state=Commitment.PublicationState.PUBLISHED,
        )
        for n in range(ROWS)
    )
    data_size = ROWS * len(text)

    tracemalloc.start()
    try:
        path = open_data_dump_create()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    manifest, _contents = read_dump(path)
    assert manifest["resources"]["commitments"] == ROWS
    assert peak < data_size / 4, f"peak {peak} bytes for {data_size} bytes of data"


def test_the_list_describes_each_dump_with_a_working_download_link(portal_data):
    path = open_data_dump_create()
    client = APIClient()

    listing = client.get("/api/v1/exports/")

    assert listing.status_code == 200
    [dump] = listing.json()["results"]
    assert dump["name"] == path.name
    assert dump["size"] == path.stat().st_size
    assert dump["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert dump["counts"] == EXPECTED_COUNTS
    download = client.get(dump["url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content) == path.read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fogp_portal%2Fsettings.py",
        "../../ogp_portal/settings.py",
        "%2Fetc%2Fpasswd",
        "secret.txt",
        "ogp-open-data-2001-01-01.zip",
    ],
)
def test_download_answers_404_to_anything_but_a_dump(exports_dir, name):
    exports_dir.mkdir(parents=True, exist_ok=True)
    (exports_dir / "secret.txt").write_text("not a dump")

    response = APIClient().get(f"/api/v1/exports/{name}")

    assert response.status_code == 404
    assert response.json()["error"]["status"] == 404


def test_the_command_writes_a_dump(portal_data):
    out = io.StringIO()

    call_command("export_open_data", stdout=out)

    assert "ogp-open-data-" in out.getvalue()
    assert len(selectors.dump_paths()) == 1


def test_the_data_page_links_the_latest_dump(client, portal_data):
    path = open_data_dump_create()

    response = client.get(reverse("data"))

    assert reverse("api-open-data-download", args=[path.name]) in response.content.decode()


def test_the_dump_names_a_predecessor_only_once_it_is_published():
    draft = CommitmentFactory(ogp_id="AL0001", publication_state=Commitment.PublicationState.DRAFT)
    published = CommitmentFactory(ogp_id="AL0003")
    CommitmentFactory(ogp_id="AL0002", carried_forward_from=draft)
    CommitmentFactory(ogp_id="AL0004", carried_forward_from=published)

    _manifest, contents = read_dump(open_data_dump_create())

    rows = {
        row["ogp_id"]: row
        for row in csv.DictReader(io.StringIO(contents["commitments.csv"].decode()))
    }
    assert rows["AL0002"]["carries_forward"] == ""
    assert rows["AL0004"]["carries_forward"] == "AL0003"


def test_the_dump_s_queries_do_not_grow_with_its_rows(django_assert_max_num_queries):
    """One query per resource (rows fetched 500 at a time through a cursor), whatever the
    rows: 10 commitments and 30 milestones, then 1,200 and 3,600."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commitments.models import Milestone

    plan = ActionPlanFactory()

    def add(count: int, first: int) -> None:
        commitments = Commitment.objects.bulk_create(
            Commitment(
                plan=plan,
                ogp_id=f"QC{n:04d}",
                number=str(n),
                position=n,
                title=f"Commitment {n}",
                publication_state=Commitment.PublicationState.PUBLISHED,
            )
            for n in range(first, first + count)
        )
        Milestone.objects.bulk_create(
            Milestone(commitment=commitment, number=number, description="A step.")
            for commitment in commitments
            for number in (1, 2, 3)
        )

    add(10, 0)
    with CaptureQueriesContext(connection) as few:
        open_data_dump_create()
    add(1190, 10)

    with django_assert_max_num_queries(len(few)):
        path = open_data_dump_create()

    manifest, _contents = read_dump(path)
    assert (manifest["resources"]["commitments"], manifest["resources"]["milestones"]) == (
        1200,
        3600,
    )
