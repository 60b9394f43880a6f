"""The portal under load: visitors reading public pages and searching, partners reading the
API, and forum members signed in editing drafts (the edit form) and milestones (the API, with
If-Match). Run headless against gunicorn on PostgreSQL and Redis with the demo data:

    make loadtest            # 20 users, 60 s, see docs/performance.md
    make loadtest LOADTEST_DATABASE=postgres://…/ogp_bench   # the 10x data set instead

Partners read the API anonymously (ApiReader) and with a token (ApiTokenReader); a government
official browses signed in (SignedInOfficial); LOADTEST_ACCOUNT and LOADTEST_PASSWORD name their
account (a demo account by default; benchmarks.loadtest_accounts adds one to the 10x data set).
At the end it prints requests per second and percentiles per user class.

Only a 5xx (or no answer) counts as a failure: a 409 conflict page, a 412 stale ETag or a 429
are the portal answering correctly under contention, and are counted per status at the end.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson
from locust import HttpUser, between, events, task

from benchmarks.throughput_bench import class_figures, markdown_table

DEMO_PASSWORD = "demo-portal-2026"
ACCOUNT = os.environ.get("LOADTEST_ACCOUNT", "gov.albania")
PASSWORD = os.environ.get("LOADTEST_PASSWORD", DEMO_PASSWORD)
# How many pages of 50 the API readers spread over (the demo has a few; 10x has a thousand).
API_PAGES = int(os.environ.get("LOADTEST_API_PAGES", "5"))
# Forum members of Albania, whose action plan in co-creation has draft commitments.
EDITORS = ("gov.albania", "cso.albania", "poc.albania")
SEARCHES = ("open data", "budget", "parliament", "procurement", "transparency", "health", "zz")

STATUSES: Counter[int] = Counter()
TIMES_BY_CLASS: defaultdict[str, list[float]] = defaultdict(list)
ERRORS_BY_CLASS: Counter[str] = Counter()
STARTED = [time.monotonic()]


@events.test_start.add_listener
def _start(**kwargs: Any) -> None:
    STARTED[0] = time.monotonic()


@events.request.add_listener
def _count(
    response: Any = None,
    exception: Exception | None = None,
    response_time: float = 0.0,
    context: dict | None = None,
    **kwargs: Any,
) -> None:
    status = getattr(response, "status_code", 0) if exception is None else 0
    STATUSES[status] += 1
    user_class = (context or {}).get("user_class", "?")
    TIMES_BY_CLASS[user_class].append(response_time)
    if status >= 500 or status == 0:
        ERRORS_BY_CLASS[user_class] += 1


@events.quitting.add_listener
def _report(environment: Any, **kwargs: Any) -> None:
    seconds = max(1.0, time.monotonic() - STARTED[0])
    rows = class_figures(TIMES_BY_CLASS, ERRORS_BY_CLASS, seconds)
    print(f"Per user class, over {seconds:.0f} s (setup requests included):")
    print(markdown_table(rows))
    statuses = dict(sorted(STATUSES.items()))
    print("Answers by status:", statuses)
    server_errors = sum(count for status, count in STATUSES.items() if status >= 500 or status == 0)
    if os.environ.get("LOADTEST_JSON"):
        figures = {"seconds": round(seconds, 1), "classes": rows, "statuses": statuses}
        Path(os.environ["LOADTEST_JSON"]).write_bytes(
            orjson.dumps(figures, option=orjson.OPT_NON_STR_KEYS)
        )
    print(f"5xx or no answer: {server_errors}")
    if server_errors:
        environment.process_exit_code = 1


def _check(response: Any) -> None:
    """Inside `catch_response`: only a server error fails the request."""
    if response.status_code >= 500 or response.status_code == 0:
        # No answer: say why (a refused or reset connection, a timeout).
        response.failure(f"{response.status_code} {getattr(response, 'error', '') or ''}".strip())
    else:
        response.success()


class _FormReader(HTMLParser):
    """The fields of the first <form> with class `draft-form`, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and "draft-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind != "submit":
                self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea":
            self._textarea, self._text = a.get("name"), []
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, "".join(self._text).lstrip("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._in_form:
            self._in_form = False


class _Portal(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)
    commitments: list[str] = []
    members: list[str] = []
    plans: list[str] = []

    def _catalogue(self) -> None:
        """What the demo holds, read once per user from the API."""
        cls = type(self)
        if cls.commitments:
            return
        with self.client.get(
            "/api/v1/commitments/?page_size=100",
            name="/api/v1/commitments/ (setup)",
            catch_response=True,
        ) as response:
            _check(response)
            rows = response.json().get("results", []) if response.status_code == 200 else []
        cls.commitments = [row["ogp_id"] or str(row["id"]) for row in rows] or ["1"]
        cls.plans = sorted({f"/members/{row['member_slug']}/plans/{row['plan']}/" for row in rows})
        cls.members = sorted({row["member_slug"] for row in rows})

    def context(self) -> dict:
        return {"user_class": type(self).__name__}

    def sign_in(self, username: str, password: str) -> None:
        """Through the login form, as a browser: the session cookie stays on self.client."""
        page = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        with self.client.post(
            "/accounts/login/",
            {
                "login": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            catch_response=True,
        ) as response:
            _check(response)

    def get_token(self, username: str, password: str) -> str:
        answer = self.client.post(
            "/api/v1/auth/token/",
            json={"username": username, "password": password},
            name="/api/v1/auth/token/ (setup)",
        )
        return answer.json().get("token", "") if answer.status_code == 200 else ""

    def get(self, path: str, name: str | None = None, **kwargs: Any) -> Any:
        with self.client.get(path, name=name or path, catch_response=True, **kwargs) as response:
            _check(response)
            return response


class Visitor(_Portal):
    """Someone reading the public site."""

    weight = 8

    def on_start(self) -> None:
        self._catalogue()

    @task(3)
    def home(self) -> None:
        self.get("/")

    @task(2)
    def member_list(self) -> None:
        self.get("/members/")

    @task(2)
    def member_page(self) -> None:
        self.get(f"/members/{random.choice(self.members)}/", name="/members/[slug]/")

    @task(2)
    def plan_page(self) -> None:
        self.get(random.choice(self.plans), name="/members/[slug]/plans/[id]/")

    @task(4)
    def commitment_page(self) -> None:
        self.get(f"/commitments/{random.choice(self.commitments)}/", name="/commitments/[ref]/")

    @task(4)
    def search(self) -> None:
        self.get("/commitments/", name="/commitments/?q=", params={"q": random.choice(SEARCHES)})

    @task(1)
    def filtered_search(self) -> None:
        self.get("/commitments/", name="/commitments/?filters", params={"completion": "complete"})

    @task(1)
    def data_page(self) -> None:
        self.get("/data/")


class ApiReader(_Portal):
    """A partner system reading the API."""

    weight = 6

    def on_start(self) -> None:
        self._catalogue()

    @task(3)
    def commitments_list(self) -> None:
        self.get(
            "/api/v1/commitments/",
            name="/api/v1/commitments/?page=",
            params={"page": random.randint(1, API_PAGES)},
        )

    @task(3)
    def commitment_detail(self) -> None:
        self.get(
            f"/api/v1/commitments/{random.choice(self.commitments)}/",
            name="/api/v1/commitments/[ref]/",
        )

    @task(2)
    def milestones(self) -> None:
        self.get("/api/v1/milestones/")

    @task(2)
    def progress(self) -> None:
        self.get("/api/v1/progress-updates/")

    @task(1)
    def assessments(self) -> None:
        self.get("/api/v1/assessments/")

    @task(1)
    def member_rows(self) -> None:
        self.get("/api/v1/members/")

    @task(1)
    def updated_since(self) -> None:
        self.get(
            "/api/v1/commitments/",
            name="/api/v1/commitments/?updated_since",
            params={"updated_since": "2026-01-01T00:00:00Z"},
        )


class ForumEditor(_Portal):
    """A forum member signed in: their account page, drafts edited in the form (several people
    on the same drafts, so conflicts happen), milestones set through the API with If-Match."""

    weight = 6
    drafts: list[int] = []
    milestones: list[int] = []

    def on_start(self) -> None:
        self._catalogue()
        self.username = random.choice(EDITORS)
        self.sign_in(self.username, DEMO_PASSWORD)
        self.api_token = self.get_token(self.username, DEMO_PASSWORD)
        cls = type(self)
        if not cls.drafts:
            listed = self.client.get(
                "/api/v1/commitments/?publication_state=draft&page_size=50",
                headers={"Authorization": f"Token {self.api_token}"},
                name="/api/v1/commitments/?publication_state=draft (setup)",
            )
            rows = listed.json().get("results", []) if listed.status_code == 200 else []
            cls.drafts = [row["id"] for row in rows]
            cls.milestones = [m["id"] for row in rows for m in row.get("milestones", [])]

    @task(2)
    def account_page(self) -> None:
        self.get("/accounts/")

    @task(3)
    def draft_page(self) -> None:
        if self.drafts:
            self.get(f"/commitments/{random.choice(self.drafts)}/", name="/commitments/[draft]/")

    @task(4)
    def edit_draft(self) -> None:
        if not self.drafts:
            return
        pk = random.choice(self.drafts)
        page = self.get(f"/commitments/{pk}/edit/", name="/commitments/[draft]/edit/ (form)")
        if page.status_code != 200:
            return
        reader = _FormReader()
        reader.feed(page.text)
        fields = dict(reader.fields)
        base = re.sub(r" \(edited \d+\)$", "", fields.get("title", "Draft"))
        fields["title"] = f"{base} (edited {random.randint(1, 999)})"
        with self.client.post(
            f"/commitments/{pk}/edit/",
            fields,
            headers={"Referer": f"{self.host}/commitments/{pk}/edit/"},
            name="/commitments/[draft]/edit/ (save)",
            catch_response=True,
        ) as response:
            _check(response)

    @task(3)
    def milestone_status(self) -> None:
        milestones = self.milestones
        if not milestones or not self.api_token:
            return
        url = f"/api/v1/milestones/{random.choice(milestones)}/"
        auth = {"Authorization": f"Token {self.api_token}"}
        read = self.get(url, name="/api/v1/milestones/[id]/", headers=auth)
        etag = read.headers.get("ETag", "*")
        with self.client.patch(
            url,
            json={"completion": random.choice(["not_started", "limited", "substantial"])},
            headers={**auth, "If-Match": etag},
            name="/api/v1/milestones/[id]/ (PATCH)",
            catch_response=True,
        ) as response:
            _check(response)


class ApiTokenReader(ApiReader):
    """A partner system reading the API with its token (LOADTEST_ACCOUNT's): it sees the
    account's member's drafts too."""

    weight = 4

    def on_start(self) -> None:
        token = self.get_token(ACCOUNT, PASSWORD)
        self.client.headers["Authorization"] = f"Token {token}"
        self._catalogue()


class SignedInOfficial(_Portal):
    """A government official (LOADTEST_ACCOUNT) signed in: the public pages, which then show
    the member's drafts too, the API from the browser's session and the edit form of a draft."""

    weight = 4
    drafts: list[int] = []

    def on_start(self) -> None:
        self._catalogue()
        self.sign_in(ACCOUNT, PASSWORD)
        cls = type(self)
        if not cls.drafts:
            listed = self.get(
                "/api/v1/commitments/?publication_state=draft&page_size=50",
                name="/api/v1/commitments/?publication_state=draft (setup)",
            )
            rows = listed.json().get("results", []) if listed.status_code == 200 else []
            cls.drafts = [row["id"] for row in rows]

    @task(3)
    def home(self) -> None:
        self.get("/")

    @task(3)
    def search(self) -> None:
        self.get("/commitments/", name="/commitments/?q=", params={"q": random.choice(SEARCHES)})

    @task(2)
    def plan_page(self) -> None:
        self.get(random.choice(self.plans), name="/members/[slug]/plans/[id]/")

    @task(3)
    def commitment_page(self) -> None:
        self.get(f"/commitments/{random.choice(self.commitments)}/", name="/commitments/[ref]/")

    @task(3)
    def api_page(self) -> None:
        self.get(
            "/api/v1/commitments/",
            name="/api/v1/commitments/?page=",
            params={"page_size": 100, "page": random.randint(1, max(1, API_PAGES // 2))},
        )

    @task(2)
    def edit_form(self) -> None:
        if self.drafts:
            self.get(
                f"/commitments/{random.choice(self.drafts)}/edit/",
                name="/commitments/[draft]/edit/ (form)",
            )
