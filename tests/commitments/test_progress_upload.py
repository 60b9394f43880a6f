import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from commitments import progress_csv
from commitments.models import Commitment, ProgressUpdate
from core.api.tokens import api_token_issue
from members.models import Role
from tests.commitments.factories import CommitmentFactory, MilestoneFactory, ProgressUpdateFactory
from tests.members.factories import ForumSeatFactory, MultiStakeholderForumFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/api/v1/progress-updates/upload/"
EXPORT_URL = "/api/v1/progress-updates/export.csv"


def csv_bytes(rows: list[dict], columns=progress_csv.COLUMNS, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def row(target, **cells) -> dict:
    return {
        "commitment": target.ogp_id,
        "milestone": "",
        "source": "government",
        "reported_on": "2024-07-01",
        "completion": "limited",
        "text": "The first datasets are online.",
        "evidence_links": "",
        **cells,
    }


def upload(client: APIClient, content: bytes, name: str = "progress.csv"):
    return client.post(
        UPLOAD_URL,
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
        format="multipart",
    )


@pytest.fixture
def commitment():
    return CommitmentFactory(ogp_id="AL0002")


@pytest.fixture
def implementer(commitment):
    return UserFactory(role=Role.GOVERNMENT_OFFICIAL, member=commitment.plan.member)


@pytest.fixture
def api(implementer):
    client = APIClient()
    _token, key = api_token_issue(user=implementer)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_it_records_every_row_of_a_valid_upload(api, commitment, implementer):
    milestone = MilestoneFactory(commitment=commitment, number=2)
    content = csv_bytes(
        [
            row(commitment),
            row(
                commitment,
                milestone="2",
                completion="Complete",
                evidence_links="https://example.org/a; https://example.org/b",
            ),
        ]
    )

    response = upload(api, content)

    assert response.status_code == 201, response.content
    assert response.json()["created"] == 2
    updates = ProgressUpdate.objects.order_by("id")
    assert [u.milestone for u in updates] == [None, milestone]
    assert updates[1].completion == "complete"
    assert updates[1].evidence_links == ["https://example.org/a", "https://example.org/b"]
    assert {u.author for u in updates} == {implementer}


def test_it_reports_every_bad_row_and_stores_nothing(api, commitment):
    MilestoneFactory(commitment=commitment, number=1)
    other = CommitmentFactory()
    MilestoneFactory(commitment=other, number=5)
    content = csv_bytes(
        [
            row(commitment),  # row 2 is fine
            row(commitment, commitment="XX9999"),  # 3
            row(commitment, milestone="5"),  # 4: milestone of another commitment
            row(commitment, reported_on="01/07/2024"),  # 5
            row(commitment, completion="done"),  # 6
            row(commitment, source="press"),  # 7
            row(commitment, reported_on="2999-01-01"),  # 8
            row(commitment, milestone="two", text=""),  # 9: two cells wrong
            row(commitment, evidence_links="not a link"),  # 10
        ]
    )

    response = upload(api, content)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid_upload"
    assert "file" in error["fields"]
    found = {(e["row"], e["column"]) for e in error["errors"]}
    assert found == {
        (3, "commitment"),
        (4, "milestone"),
        (5, "reported_on"),
        (6, "completion"),
        (7, "source"),
        (8, "reported_on"),
        (9, "milestone"),
        (10, "evidence_links"),
    }
    assert all(e["reason"] for e in error["errors"])
    assert ProgressUpdate.objects.count() == 0


def test_it_reports_a_blank_text_after_the_cells_parse(api, commitment):
    response = upload(api, csv_bytes([row(commitment, text="  ")]))

    assert response.status_code == 400
    assert [(e["row"], e["column"]) for e in response.json()["error"]["errors"]] == [(2, "text")]


def test_it_refuses_rows_the_author_may_not_report(api, commitment):
    elsewhere = CommitmentFactory(ogp_id="BR0001")
    draft = CommitmentFactory(
        ogp_id="AL0003",
        plan=commitment.plan,
        publication_state=Commitment.PublicationState.DRAFT,
    )
    content = csv_bytes(
        [
            row(commitment),
            row(elsewhere),
            row(commitment, source="civil_society"),
            row(draft),
        ]
    )

    response = upload(api, content)

    assert response.status_code == 400
    found = [(e["row"], e["column"]) for e in response.json()["error"]["errors"]]
    assert found == [(3, "source"), (4, "source"), (5, "source")]
    assert ProgressUpdate.objects.count() == 0


def test_civil_society_with_a_forum_seat_may_upload_the_shadow_report(commitment):
    member = commitment.plan.member
    civil_society = UserFactory(role=Role.CIVIL_SOCIETY, member=member)
    ForumSeatFactory(forum=MultiStakeholderForumFactory(member=member), user=civil_society)
    client = APIClient()
    client.force_authenticate(civil_society)

    response = upload(client, csv_bytes([row(commitment, source="civil_society")]))

    assert response.status_code == 201, response.content
    assert ProgressUpdate.objects.get().source == "civil_society"


def test_it_reads_a_semicolon_separated_file_and_says_so(api, commitment):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=progress_csv.COLUMNS, restval="", delimiter=";")
    writer.writeheader()
    writer.writerow(row(commitment, text="Primeros datos publicados, con comas."))

    response = upload(api, out.getvalue().encode())

    assert response.status_code == 201, response.content
    assert response.json()["separator"] == ";"
    assert "separated by semicolons" in response.json()["message"]
    assert ProgressUpdate.objects.get().text == "Primeros datos publicados, con comas."


def test_it_rejects_a_header_missing_a_column(api):
    content = (
        b"commitment,source,reported_on,completion,text\nAL0002,government,2024-07-01,limited,x\n"
    )

    response = upload(api, content)

    assert response.status_code == 400
    error = response.json()["error"]["errors"][0]
    assert error["row"] == 1
    assert "Missing columns: milestone, evidence_links" in error["reason"]


def test_it_rejects_a_column_it_would_not_store(api, commitment):
    columns = (*progress_csv.COLUMNS, "notes")
    content = csv_bytes([{**row(commitment), "notes": "x"}], columns=columns)

    response = upload(api, content)

    assert response.status_code == 400
    assert "Unknown columns: notes" in response.json()["error"]["errors"][0]["reason"]
    assert ProgressUpdate.objects.count() == 0


def test_it_rejects_a_file_that_is_not_utf8(api, commitment):
    content = csv_bytes(
        [row(commitment, text="Ley de acceso a la información")], encoding="latin-1"
    )

    response = upload(api, content)

    assert response.status_code == 400
    assert "UTF-8" in response.json()["error"]["errors"][0]["reason"]


def test_it_accepts_utf8_with_a_byte_order_mark(api, commitment):
    content = b"\xef\xbb\xbf" + csv_bytes([row(commitment, text="Información publicada")])

    response = upload(api, content)

    assert response.status_code == 201, response.content
    assert ProgressUpdate.objects.get().text == "Información publicada"


def test_it_rejects_an_empty_file_naming_the_field(api):
    response = upload(api, b"")

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


@pytest.mark.parametrize("content", [b"\n\n", csv_bytes([])], ids=["blank", "header-only"])
def test_it_rejects_a_file_without_rows(api, content):
    response = upload(api, content)

    assert response.status_code == 400
    assert response.json()["error"]["errors"][0]["row"] is None


def test_it_rejects_more_rows_than_the_cap(api, commitment, settings, monkeypatch):
    monkeypatch.setattr(progress_csv, "MAX_ROWS", 3)
    content = csv_bytes([row(commitment, text=f"Step {n}") for n in range(4)])

    response = upload(api, content)

    assert response.status_code == 400
    assert "more than 3 rows" in response.json()["error"]["errors"][0]["reason"]
    assert ProgressUpdate.objects.count() == 0


def test_it_names_the_file_field_when_no_file_is_sent(api):
    response = api.post(UPLOAD_URL, {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()["error"]["fields"]


def test_upload_needs_a_signed_in_user(commitment):
    response = upload(APIClient(), csv_bytes([row(commitment)]))

    assert response.status_code in (401, 403)
    assert ProgressUpdate.objects.count() == 0


def test_reuploading_an_export_unchanged_creates_no_duplicates(api, commitment):
    MilestoneFactory(commitment=commitment, number=1)
    assert (
        upload(api, csv_bytes([row(commitment), row(commitment, milestone="1")])).status_code == 201
    )
    exported = b"".join(api.get(EXPORT_URL).streaming_content)

    response = upload(api, exported)

    assert response.status_code == 201, response.content
    assert response.json()["created"] == 0
    assert response.json()["skipped_rows"] == [2, 3]
    assert ProgressUpdate.objects.count() == 2


def test_an_exported_formula_like_text_uploads_back_as_the_same_text(api, commitment):
    text = "=SUM(A1:A2) of the budget was spent"
    assert upload(api, csv_bytes([row(commitment, text=text)])).status_code == 201
    exported = b"".join(api.get(EXPORT_URL).streaming_content)
    assert b"'=SUM" in exported

    response = upload(api, exported)

    assert response.json()["created"] == 0
    assert list(ProgressUpdate.objects.values_list("text", flat=True)) == [text]


def test_a_row_repeated_within_the_file_is_recorded_once(api, commitment):
    response = upload(api, csv_bytes([row(commitment), row(commitment)]))

    assert response.json()["created"] == 1
    assert response.json()["skipped_rows"] == [3]


def test_export_writes_the_upload_format_with_the_progress_list_filters(commitment):
    ProgressUpdateFactory(commitment=commitment, text="Government view")
    ProgressUpdateFactory(commitment=commitment, source="civil_society", text="Shadow report")
    ProgressUpdateFactory(commitment=CommitmentFactory(ogp_id="BR0001"), text="Elsewhere")
    ProgressUpdateFactory(
        commitment=CommitmentFactory(publication_state=Commitment.PublicationState.DRAFT),
        text="Draft",
    )
    client = APIClient()

    everything = client.get(EXPORT_URL)
    filtered = client.get(
        EXPORT_URL,
        {
            "member": commitment.plan.member.slug,
            "source": "civil_society",
            "updated_since": datetime.date.today().isoformat(),
        },
    )

    assert everything["Content-Type"].startswith("text/csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(everything.streaming_content).decode("utf-8-sig")))
    )
    assert tuple(rows[0]) == progress_csv.COLUMNS
    assert sorted(r["text"] for r in rows) == ["Elsewhere", "Government view", "Shadow report"]
    assert rows[0]["plan"] == commitment.plan.ogp_id
    only = list(
        csv.DictReader(io.StringIO(b"".join(filtered.streaming_content).decode("utf-8-sig")))
    )
    assert [r["text"] for r in only] == ["Shadow report"]


def test_a_formula_in_a_progress_text_comes_back_neutralised_in_the_export(commitment):
    ProgressUpdateFactory(commitment=commitment, text="-2+3+cmd|' /C calc'!A0")

    response = APIClient().get(EXPORT_URL)

    [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    assert row["text"] == "'-2+3+cmd|' /C calc'!A0"


def test_export_rejects_a_bad_filter_naming_it():
    response = APIClient().get(EXPORT_URL, {"source": "press", "updated_since": "yesterday"})

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"source", "updated_since"}


def test_upload_page_asks_visitors_to_sign_in(client):
    response = client.get(reverse("commitments:progress-upload"))

    assert response.status_code == 302


def test_upload_page_lists_each_error_with_row_column_and_reason(client, commitment, implementer):
    client.force_login(implementer)
    content = csv_bytes([row(commitment, completion="done")])

    response = client.post(
        reverse("commitments:progress-upload"),
        {"file": SimpleUploadedFile("progress.csv", content, content_type="text/csv")},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>2</td>" in page
    assert "<td>completion</td>" in page
    assert "nothing was stored" in page
    assert reverse("api-progress-export") in page
    assert ProgressUpdate.objects.count() == 0


def test_upload_page_records_a_valid_file_and_says_how_many(client, commitment, implementer):
    client.force_login(implementer)
    content = csv_bytes([row(commitment)])

    response = client.post(
        reverse("commitments:progress-upload"),
        {"file": SimpleUploadedFile("progress.csv", content, content_type="text/csv")},
        follow=True,
    )

    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert "1 progress update recorded." in message
    assert "separated by commas" in message
    assert ProgressUpdate.objects.get().author == implementer
