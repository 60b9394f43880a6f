"""The audit log of security events: each kind recorded, append-only, and /audit/ for the
Support Unit."""

import datetime
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.events import event_record
from core.models import Event
from members.models import Role, User
from ogp_portal.accounts import audit
from tests.members.factories import ForumSeatFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def account(**kwargs) -> User:
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(client, login: str, password: str = PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password}, **extra)


def kinds(**filters) -> list[str]:
    events = Event.objects.filter(**filters).order_by("pk")
    return list(events.values_list("kind", flat=True))


def test_a_log_in_and_log_out_are_recorded_with_the_client_address(client):
    user = account(username="gov.albania")

    log_in(client, "gov.albania", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.5")
    client.post(reverse("account_logout"))

    events = list(Event.objects.filter(object_id=user.pk).order_by("pk"))
    assert [e.kind for e in events] == [audit.LOGGED_IN, audit.LOGGED_OUT]
    assert events[0].actor == user and events[0].member_id == user.member_id
    assert events[0].data == {"address": "10.0.0.5", "username": "gov.albania"}


def test_behind_a_trusted_proxy_the_recorded_address_is_the_one_it_saw(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    account(username="gov.albania")

    log_in(client, "gov.albania", HTTP_X_FORWARDED_FOR="forged, 203.0.113.9")

    assert Event.objects.get(kind=audit.LOGGED_IN).data["address"] == "203.0.113.9"


def test_a_failed_log_in_is_recorded_for_a_known_and_an_unknown_account(client):
    user = account(username="gov.albania")

    log_in(client, "gov.albania", "wrong")
    log_in(client, "nobody-here", "wrong")

    known, unknown = Event.objects.filter(kind=audit.LOGIN_FAILED).order_by("pk")
    assert (known.subject, known.data["username"], known.actor) == (user, "gov.albania", user)
    assert unknown.data["login"] == "nobody-here" and "username" not in unknown.data
    assert unknown.actor is None


def test_a_lockout_is_recorded(client):
    account(username="gov.albania")
    for _ in range(5):
        log_in(client, "gov.albania", "wrong")

    log_in(client, "gov.albania", PASSWORD)

    assert kinds(kind__startswith="account.") == [audit.LOGIN_FAILED] * 5 + [audit.LOCKED_OUT]


def test_a_password_change_is_recorded(client):
    user = account(username="gov.albania")
    log_in(client, "gov.albania")

    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "a brand new passphrase",
            "password2": "a brand new passphrase",
        },
    )

    assert audit.PASSWORD_CHANGED in kinds(object_id=user.pk)


def test_a_password_reset_is_recorded(client, mailoutbox):
    user = account(username="gov.albania")
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = mailoutbox[0].body.split("http://testserver")[1].split()[0]
    set_url = client.get(link)["Location"]

    client.post(
        set_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"}
    )

    assert audit.PASSWORD_RESET in kinds(object_id=user.pk)


def test_turning_two_step_sign_in_on_and_off_is_recorded(
    client, django_capture_on_commit_callbacks
):
    user = account(role=Role.IRM_STAFF, member=None)
    log_in(client, user.username)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        client.post(reverse("mfa_activate_totp"), {"code": code})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))

    recorded = kinds(object_id=user.pk, kind__startswith="account.mfa")
    assert recorded == [audit.MFA_ENABLED, audit.MFA_DISABLED]


def test_a_role_or_member_change_is_recorded_with_who_made_it(rf):
    admin = account(username="admin", role="", member=None, is_staff=True, is_superuser=True)
    user = account(username="someone", role=Role.CIVIL_SOCIETY)
    new_member = MemberFactory()
    request = rf.post("/admin/members/user/", REMOTE_ADDR="10.0.0.7")
    request.user = admin
    HistoricalRecords.context.request = request  # as HistoryRequestMiddleware does
    try:
        user.role = Role.GOVERNMENT_OFFICIAL
        user.member = new_member
        user.save()
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
    finally:
        del HistoricalRecords.context.request

    [changed] = Event.objects.filter(kind=audit.ROLE_CHANGED, object_id=user.pk)
    assert changed.data["changes"]["role"] == ["civil_society", "government_official"]
    assert changed.data["changes"]["member_id"][1] == new_member.pk
    assert (changed.member_id, changed.actor, changed.data["address"]) == (
        new_member.pk,
        admin,
        "10.0.0.7",
    )


def test_a_new_account_or_a_change_of_other_fields_records_no_role_change():
    user = account(role=Role.IRM_STAFF, member=None)
    user.first_name = "Renamed"
    user.save()

    assert not Event.objects.filter(kind=audit.ROLE_CHANGED).exists()


def test_a_forum_seat_added_changed_and_removed_is_recorded():
    user = account(role=Role.CIVIL_SOCIETY)
    seat = ForumSeatFactory(user=user, forum__member=user.member)

    seat.left_on = datetime.date(2026, 12, 1)
    seat.save()
    seat.delete()

    events = Event.objects.filter(kind=audit.SEAT_CHANGED).order_by("pk")
    assert [e.data["change"] for e in events] == ["added", "changed", "removed"]
    assert {e.member_id for e in events} == {user.member_id}
    assert events[1].data["left_on"] == "2026-12-01"


@pytest.mark.postgres
def test_the_event_table_refuses_updates_and_deletes():
    user = account()
    with transaction.atomic():
        event = event_record(audit.LOGGED_IN, subject=user, actor=user)

    for sql in [
        "UPDATE core_event SET kind = 'x' WHERE id = %s",
        "DELETE FROM core_event WHERE id = %s",
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).kind == audit.LOGGED_IN


@pytest.mark.postgres
def test_deleting_an_account_keeps_its_events_without_the_actor():
    user = account()
    with transaction.atomic():
        event = event_record(audit.LOGGED_IN, subject=user, actor=user)

    user.delete()

    event.refresh_from_db()
    assert event.actor is None and event.kind == audit.LOGGED_IN


# The /audit/ page


def _events_of_several_kinds():
    gov = account(username="gov.albania")
    other = account(username="gov.ukraine")
    with transaction.atomic():
        event_record(
            audit.LOGGED_IN,
            subject=gov,
            actor=gov,
            member_id=gov.member_id,
            data={"username": "gov.albania", "address": "10.0.0.1"},
        )
        event_record(
            audit.LOGIN_FAILED,
            subject=other,
            actor=other,
            member_id=other.member_id,
            data={"username": "gov.ukraine", "address": "10.0.0.2"},
        )
        event_record("progress.updated", subject=gov, actor=gov)  # not a security event
    return gov, other


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"role": Role.SUPPORT_UNIT, "member": None}, 200),
        ({"role": "", "member": None, "is_staff": True}, 200),
        ({"role": Role.IRM_STAFF, "member": None}, 403),
        ({"role": Role.POINT_OF_CONTACT}, 403),
        ({"role": Role.CIVIL_SOCIETY}, 403),
    ],
    ids=["support_unit", "administrator", "irm_staff", "point_of_contact", "civil_society"],
)
def test_only_the_support_unit_and_administrators_see_the_audit_log(client, kwargs, status):
    client.force_login(account(**kwargs))

    assert client.get("/audit/").status_code == status


def test_a_visitor_is_sent_to_log_in(client):
    assert client.get("/audit/").status_code == 403


def test_the_audit_log_lists_security_events_newest_first_and_filters_them(client):
    gov, other = _events_of_several_kinds()
    client.force_login(account(role=Role.SUPPORT_UNIT, member=None))

    def listed(query: str = "") -> list[str]:
        response = client.get(f"/audit/{query}")
        assert response.status_code == 200
        return [row["event"].kind for row in response.context["rows"]]

    all_kinds = listed()
    assert "progress.updated" not in all_kinds
    # The Support Unit's own log-in is the newest.
    assert all_kinds == [audit.LOGGED_IN, audit.LOGIN_FAILED, audit.LOGGED_IN]
    assert listed(f"?kind={audit.LOGIN_FAILED}") == [audit.LOGIN_FAILED]
    assert listed("?user=GOV.ALBANIA") == [audit.LOGGED_IN]
    assert listed(f"?kind={audit.LOGGED_IN}&member={gov.member.slug}") == [audit.LOGGED_IN]
    assert listed(f"?member={other.member.slug}") == [audit.LOGIN_FAILED]
    today = timezone.localdate()
    assert len(listed(f"?occurred_after={today}&occurred_before={today}")) == 3
    assert listed(f"?occurred_before={today - datetime.timedelta(days=1)}") == []
    bad = client.get("/audit/?occurred_after=yesterday")
    assert bad.status_code == 200 and bad.context["filter"].errors


def test_the_audit_log_downloads_as_csv(client):
    _events_of_several_kinds()
    client.force_login(account(role=Role.SUPPORT_UNIT, member=None))

    response = client.get(f"/audit/?kind={audit.LOGIN_FAILED}&format=csv")

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("occurred_at,kind,username,actor,member_id,address")
    assert len(lines) == 2 and "gov.ukraine" in lines[1] and "10.0.0.2" in lines[1]


def test_the_audit_log_takes_the_same_queries_for_many_events(
    client, django_assert_max_num_queries
):
    support = account(role=Role.SUPPORT_UNIT, member=None)
    client.force_login(support)
    users = [account() for _ in range(30)]
    with transaction.atomic():
        for user in users:
            event_record(
                audit.LOGGED_IN,
                subject=user,
                actor=user,
                member_id=user.member_id,
                data={"username": user.username},
            )

    with django_assert_max_num_queries(8):
        response = client.get("/audit/")
    assert len(response.context["rows"]) >= 30


def test_publishing_an_irm_report_is_in_the_audit_log(client):
    from irm_reviews.services import review_cycle_advance
    from tests.irm_reviews.factories import ReviewCycleFactory

    cycle = ReviewCycleFactory(state="public_comment")
    support = account(role=Role.SUPPORT_UNIT, member=None)
    with transaction.atomic():
        review_cycle_advance(user=support, cycle=cycle, today=timezone.localdate())
    client.force_login(support)

    response = client.get("/audit/?kind=review.published")

    assert [row["event"].kind for row in response.context["rows"]] == ["review.published"]
    assert "IRM report published" in response.content.decode()
