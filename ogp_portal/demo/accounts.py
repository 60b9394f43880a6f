"""The demo's members and accounts: seven OGP members with their forum's people, and one
account per role, all with the public DEMO_PASSWORD."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext as _

from members.models import Member, OrganizationKind, Role, Sector, User

from .seeder import DemoSeeder

DEMO_PASSWORD = "demo-portal-2026"
# The demo's IRM, Support Unit and admin accounts have no authenticator app: with DEBUG on
# (`make run`) MFA_REQUIRED_ROLES defaults to none, so they log in with the password alone.
DEMO_MFA_NOTE = (
    "Two-step sign-in is not required with DEBUG on (make run); any account can try it at "
    "/accounts/2fa/. In production (DEBUG off) IRM staff, the Support Unit and administrators "
    "must set it up (MFA_REQUIRED_ROLES)."
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    member_code: str | None
    first_name: str
    last_name: str
    is_superuser: bool = False


@dataclass(frozen=True)
class DemoMember:
    code: str
    handle: str
    year_joined: int
    forum_name: str
    forum_established: datetime.date
    government_body: str
    civil_society_organisation: str
    other_organisations: tuple[tuple[str, str], ...]
    government_person: tuple[str, str]
    civil_society_person: tuple[str, str]
    other_seats: tuple[tuple[str, str, str], ...]  # person, organisation, sector


CSO = OrganizationKind.CIVIL_SOCIETY
GOV = OrganizationKind.GOVERNMENT
DEMO_MEMBERS = (
    DemoMember(
        "ALB",
        "albania",
        2011,
        "Albania OGP Multi-Stakeholder Forum",
        datetime.date(2019, 3, 12),
        "Department of Development and Good Governance, Prime Minister's Office",
        "Institute for Open Governance Albania",
        (("Assembly of Albania, Secretariat General", GOV), ("Citizens' Channel Tirana", CSO)),
        ("Elira", "Hoxha"),
        ("Arben", "Krasniqi"),
        (
            ("Blerina Deda", "Assembly of Albania, Secretariat General", Sector.GOVERNMENT),
            ("Dritan Leka", "Citizens' Channel Tirana", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "UKR",
        "ukraine",
        2011,
        "Coordination Council for Open Government, Ukraine",
        datetime.date(2016, 5, 24),
        "Secretariat of the Cabinet of Ministers of Ukraine",
        "Open Parliament Watch Ukraine",
        (("Verkhovna Rada Office for Public Engagement", GOV), ("Kyiv Anti-Corruption Lab", CSO)),
        ("Olena", "Kovalenko"),
        ("Taras", "Melnyk"),
        (
            ("Iryna Bondar", "Verkhovna Rada Office for Public Engagement", Sector.GOVERNMENT),
            ("Mykola Shevchuk", "Kyiv Anti-Corruption Lab", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "MKD",
        "north-macedonia",
        2011,
        "OGP Council of North Macedonia",
        datetime.date(2018, 10, 3),
        "Ministry of Information Society and Administration",
        "Centre for Civic Openness Skopje",
        (("Assembly of North Macedonia, Parliamentary Institute", GOV), ("Metamorphic Net", CSO)),
        ("Marija", "Stojanovska"),
        ("Goran", "Petrovski"),
        (
            (
                "Ana Trajkovska",
                "Assembly of North Macedonia, Parliamentary Institute",
                Sector.GOVERNMENT,
            ),
            ("Bojan Ristovski", "Metamorphic Net", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "GHA",
        "ghana",
        2011,
        "Ghana OGP Steering Committee",
        datetime.date(2017, 2, 8),
        "Office of the Head of the Civil Service, Ghana",
        "Ghana Open Governance Coalition",
        (("Parliament of Ghana, Public Affairs Directorate", GOV), ("Accra Budget Forum", CSO)),
        ("Akosua", "Mensah"),
        ("Kwame", "Owusu"),
        (
            ("Efua Boateng", "Parliament of Ghana, Public Affairs Directorate", Sector.GOVERNMENT),
            ("Yaw Asante", "Accra Budget Forum", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "IDN",
        "indonesia",
        2011,
        "Open Government Indonesia National Forum",
        datetime.date(2015, 9, 1),
        "Ministry of National Development Planning (Bappenas), Open Government Secretariat",
        "Indonesian Parliament and Budget Watch",
        (("House of Representatives Secretariat General", GOV), ("Jakarta Open Data Circle", CSO)),
        ("Dewi", "Lestari"),
        ("Budi", "Santoso"),
        (
            ("Sri Wahyuni", "House of Representatives Secretariat General", Sector.GOVERNMENT),
            ("Agus Pratama", "Jakarta Open Data Circle", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "MAR",
        "morocco",
        2018,
        "Morocco Open Government Steering Committee",
        datetime.date(2019, 1, 17),
        "Ministry of Digital Transition and Administrative Reform",
        "Moroccan Network for Open Government",
        (("House of Representatives, Citizens' Petitions Office", GOV), ("Rabat Civic Tech", CSO)),
        ("Samira", "El Idrissi"),
        ("Youssef", "Benali"),
        (
            (
                "Nadia Alaoui",
                "House of Representatives, Citizens' Petitions Office",
                Sector.GOVERNMENT,
            ),
            ("Karim Tazi", "Rabat Civic Tech", Sector.CIVIL_SOCIETY),
        ),
    ),
    DemoMember(
        "ARBA",
        "buenos-aires",
        2016,
        "Buenos Aires Open Government Round Table",
        datetime.date(2017, 4, 20),
        "Secretariat of Innovation and Digital Transformation, City of Buenos Aires",
        "Buenos Aires Citizens' Lab",
        (("Legislature of the City of Buenos Aires", GOV), ("Fundación Datos Abiertos BA", CSO)),
        ("Lucía", "Fernández"),
        ("Martín", "Gómez"),
        (
            ("Sofía Romero", "Legislature of the City of Buenos Aires", Sector.GOVERNMENT),
            ("Diego Acosta", "Fundación Datos Abiertos BA", Sector.CIVIL_SOCIETY),
        ),
    ),
)


# The members whose point of contact has an account: Albania's tries the consultation,
# Indonesia's the dual sign-off (ogp_portal/demo/submission.py).
POINTS_OF_CONTACT = {"ALB": ("Klodiana", "Shehu"), "IDN": ("Rina", "Kusuma")}


def _member_accounts(demo: DemoMember) -> list[DemoAccount]:
    accounts = [
        DemoAccount(
            f"gov.{demo.handle}", Role.GOVERNMENT_OFFICIAL, demo.code, *demo.government_person
        ),
        DemoAccount(
            f"cso.{demo.handle}", Role.CIVIL_SOCIETY, demo.code, *demo.civil_society_person
        ),
    ]
    if demo.code in POINTS_OF_CONTACT:
        first_name, last_name = POINTS_OF_CONTACT[demo.code]
        accounts.insert(
            0,
            DemoAccount(
                f"poc.{demo.handle}", Role.POINT_OF_CONTACT, demo.code, first_name, last_name
            ),
        )
    return accounts


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("admin", "", None, "Portal", "Administrator", is_superuser=True),
    *(account for demo in DEMO_MEMBERS for account in _member_accounts(demo)),
    DemoAccount("irm.staff", Role.IRM_STAFF, None, "Paula", "Reyes"),
    DemoAccount("support.unit", Role.SUPPORT_UNIT, None, "Hannah", "Okafor"),
)


# What to try with which account, printed under the accounts (seed_demo --list-accounts).
DEMO_JOURNEYS = (
    "Consultation (Albania, AP_ALB07, open): poc.albania or gov.albania answer the waiting "
    "inputs; cso.albania hides one; any account gives input; poc.albania changes its "
    'introduction or closing date, or closes it early ("Change the introduction or the dates").',
    "Dual sign-off (Indonesia, AP_IDN08, consultation closed and answered): poc.indonesia "
    "signs off for government, then cso.indonesia (civil-society co-chair) for civil society: "
    "the plan is submitted. Either may withdraw their sign-off before the other signs.",
)


def demo_accounts_table() -> list[tuple[str, str, str, str]]:
    """(username, password, role, member) for each demo account; reads nothing from the DB."""
    names = {
        "ALB": "Albania",
        "UKR": "Ukraine",
        "MKD": "North Macedonia",
        "GHA": "Ghana",
        "IDN": "Indonesia",
        "MAR": "Morocco",
        "ARBA": "Buenos Aires, Argentina",
    }
    return [
        (
            account.username,
            DEMO_PASSWORD,
            str(Role(account.role).label) if account.role else _("Administrator (superuser)"),
            names.get(account.member_code or "", "—"),
        )
        for account in DEMO_ACCOUNTS
    ]


def accounts_seed(seeder: DemoSeeder, members: dict[str, Member]) -> dict[str, User]:
    """Every account of DEMO_ACCOUNTS, by username; an account that exists is left as it is.
    Each has a confirmed primary e-mail address, so that it logs in at /accounts/login/ by
    username or e-mail without waiting for a confirmation e-mail."""
    users = {}
    # One hash for all: the password is public anyway, and hashing is slow by design.
    password_hash = None
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User(
                username=account.username,
                email=f"{account.username}@example.org",
                first_name=account.first_name,
                last_name=account.last_name,
                role=account.role,
                member=members.get(account.member_code or ""),
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save()
            seeder.created[User._meta.verbose_name_plural] += 1
        seeder.get_or_create(
            EmailAddress,
            user=user,
            email=user.email,
            defaults={"verified": True, "primary": True},
        )
        users[account.username] = user
    return users
