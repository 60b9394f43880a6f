"""The one CSV writer every export uses (core.csv_export)."""

import codecs
import csv
import datetime
import io

import pytest

from core.csv_export import CSVLines, iter_csv_lines

FORMULAS = [
    '=HYPERLINK("http://example.com/steal","Click")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_it_neutralises_text_that_a_spreadsheet_would_run_as_a_formula(text):
    line = CSVLines().row([text])

    assert next(csv.reader(io.StringIO(line, newline=""))) == ["'" + text]


def test_it_leaves_text_alone_when_the_formula_sign_is_not_first():
    assert CSVLines().row(["a=b", "Budget +10%", "e-mail"]) == "a=b,Budget +10%,e-mail\r\n"


def test_real_numbers_stay_numbers_negative_ones_too():
    assert CSVLines().row([-2, -1.5, 0, 12]) == "-2,-1.5,0,12\r\n"


def test_text_that_looks_like_a_negative_number_is_still_neutralised():
    assert CSVLines().row(["-2"]) == "'-2\r\n"


def test_it_writes_blanks_dates_lists_and_booleans_one_way():
    reported = datetime.datetime(2024, 7, 1, 12, 0, tzinfo=datetime.UTC)

    line = CSVLines().row([None, datetime.date(2024, 7, 1), reported, ["a", "b"], True, False])

    assert line == ",2024-07-01,2024-07-01T12:00:00Z,a; b,true,false\r\n"


def test_a_list_starting_with_a_formula_is_neutralised_as_one_cell():
    assert CSVLines().row([["=1+1", "b"]]) == "'=1+1; b\r\n"


def test_the_dump_keeps_its_own_line_ends_and_utc_offset():
    lines = CSVLines(lineterminator="\n", utc_as_z=False)

    line = lines.row([datetime.datetime(2024, 7, 1, tzinfo=datetime.UTC)])

    assert line == "2024-07-01T00:00:00+00:00\n"


def test_the_header_comes_first_then_one_line_per_row():
    assert list(iter_csv_lines(["ogp_id", "title"], [["AL0001", "Open parliament"]])) == [
        "ogp_id,title\r\n",
        "AL0001,Open parliament\r\n",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/members/?format=csv", "/api/v1/members/?format=csv", "/api/v1/progress-updates/export.csv"],
)
def test_every_csv_download_starts_with_a_byte_order_mark_for_spreadsheets(client, url):
    response = client.get(url)

    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(codecs.BOM_UTF8)
    assert not body[3:].startswith(codecs.BOM_UTF8)
