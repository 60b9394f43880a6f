"""`make bench` cannot rot: its two paths run on a handful of rows and must agree. No timing."""

import pytest
from django.db import connection
from django.test import Client

from benchmarks import api_bench, dataset

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


class InTransactionClient:
    """The benchmark's client interface over Django's test client, which keeps the test's
    transaction open (a bare WSGI call would close the connection after each request)."""

    def get(self, path: str, query: dict) -> tuple[str, bytes]:
        response = Client().get(path, query, HTTP_ACCEPT="application/json")
        return str(response.status_code), response.content


TINY = dataset.Size(
    members=2, plans_per_member=2, commitments_per_plan=3, milestones_per_commitment=2
)


def test_the_api_and_the_raw_path_return_the_same_commitments_and_milestones():
    dataset.build(TINY)
    assert dataset.is_built(TINY)
    connection.ensure_connection()

    seen = []
    for page in (1, 2, 3):
        api = api_bench.summary(api_bench.api_page(InTransactionClient(), page, page_size=5))
        raw = api_bench.summary(api_bench.raw_page(connection.connection, page, page_size=5))

        assert api == raw
        assert {milestones for _ogp_id, milestones in api} == {2}
        seen += [ogp_id for ogp_id, _milestones in api]
    assert len(seen) == len(set(seen)) == TINY.commitments
