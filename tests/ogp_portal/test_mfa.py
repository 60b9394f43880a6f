"""Two-step sign-in (allauth.mfa): an authenticator app with recovery codes, required by role."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from members.models import Role, User
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
STAFF_ROLES = ["irm_staff", "support_unit", "administrator"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth refuses a TOTP code used once (kept in the cache): each test starts clean.
    cache.clear()
    yield
    cache.clear()


def account(**kwargs) -> User:
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def current_code(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238: HOTP of the 30-second counter)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(client, user: User):
    return client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})


def test_a_user_sets_up_an_authenticator_app_and_gets_recovery_codes(client):
    user = account(role=Role.IRM_STAFF, member=None)
    log_in(client, user)

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert page.context["totp_svg_data_uri"].startswith("data:image/svg+xml")
    assert b'src="data:image/svg+xml' in page.content  # inline: no CDN, no request out
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors["code"]

    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert types == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes_page = client.get(reverse("mfa_view_recovery_codes"))
    assert len(codes_page.context["unused_codes"]) == 10


def test_a_user_with_an_authenticator_app_logs_in_with_its_code(client):
    user = account(role=Role.IRM_STAFF, member=None)
    TOTP.activate(user, SECRET)

    response = log_in(client, user)

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert b"authenticator app" in client.get(reverse("mfa_authenticate")).content
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(SECRET)})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_recovery_code_logs_in_once(client):
    user = account(role=Role.SUPPORT_UNIT, member=None)
    TOTP.activate(user, SECRET)
    code = RecoveryCodes.activate(user).get_unused_codes()[0]

    log_in(client, user)
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(user.pk)

    client.post(reverse("account_logout"))
    log_in(client, user)
    again = client.post(reverse("mfa_authenticate"), {"code": code})
    assert again.status_code == 200 and "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "kwargs",
    [
        {"role": Role.IRM_STAFF, "member": None},
        {"role": Role.SUPPORT_UNIT, "member": None},
        {"role": "", "member": None, "is_staff": True},
    ],
    ids=["irm_staff", "support_unit", "administrator"],
)
def test_a_role_that_requires_it_is_sent_to_set_it_up_and_reaches_nothing_else(
    client, settings, kwargs
):
    settings.MFA_REQUIRED_ROLES = STAFF_ROLES
    user = account(**kwargs)

    response = log_in(client, user)
    assert client.session["_auth_user_id"] == str(user.pk)
    followed = client.get(response["Location"])

    assert followed.status_code == 302
    assert followed["Location"] == reverse("mfa_activate_totp")
    for path in ["/", "/accounts/", "/admin/", "/audit/", "/api/v1/commitments/"]:
        blocked = client.get(path)
        assert (blocked.status_code, blocked["Location"]) == (302, reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == 200

    TOTP.activate(user, SECRET)
    assert client.get("/accounts/").status_code == 200


def test_a_government_official_is_never_asked_for_it(client, settings):
    settings.MFA_REQUIRED_ROLES = STAFF_ROLES
    user = account(role=Role.GOVERNMENT_OFFICIAL)

    log_in(client, user)

    assert client.get("/accounts/").status_code == 200
    assert client.get("/").status_code == 200


def test_the_account_page_links_to_two_step_sign_in(client):
    user = account(role=Role.GOVERNMENT_OFFICIAL)
    log_in(client, user)

    page = client.get("/accounts/")

    assert reverse("mfa_index").encode() in page.content
    assert client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.parametrize(
    ("language", "heading"),
    [("es", "Verificación en dos pasos"), ("fr", "Connexion en deux étapes")],
)
def test_the_two_step_sign_in_page_speaks_spanish_and_french(client, language, heading):
    client.force_login(account(role=Role.GOVERNMENT_OFFICIAL))
    client.cookies["django_language"] = language

    with translation.override("en"):  # the middleware's choice stays in this thread otherwise
        page = client.get(reverse("mfa_index"))

    assert heading in page.content.decode()
