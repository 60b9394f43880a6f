import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabels
from core.languages import country_name
from core.timezones import validate_time_zone
from core.uploads import upload_path


def default_time_zone() -> str:
    return settings.MEMBER_DEFAULT_TIME_ZONE


class Region(models.TextChoices):
    AFRICA_MIDDLE_EAST = "africa_middle_east", _("Africa and the Middle East")
    AMERICAS = "americas", _("Americas")
    ASIA_PACIFIC = "asia_pacific", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")


class MemberKind(models.TextChoices):
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    UNDER_PROCEDURAL_REVIEW = "under_procedural_review", _("Under procedural review")


class Member(ChoiceLabels):
    Kind = MemberKind
    Status = MemberStatus

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.NATIONAL)
    country_code = models.CharField(
        _("ISO country code"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2")
    )
    ogp_code = models.CharField(
        _("OGP code"),
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        help_text=_("ISO 3166-1 alpha-3 for a country (as in AP_ALB01), longer for a local member"),
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    year_joined = models.PositiveSmallIntegerField(_("year joined"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.ACTIVE
    )
    website_url = models.URLField(_("OGP page"), blank=True)
    repository_url = models.URLField(_("document repository"), blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default=default_time_zone,
        validators=[validate_time_zone],
        help_text=_("Deadlines are dates in this time zone (an IANA name such as America/Lima)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MemberKind.values), name="member_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MemberStatus.values),
                name="member_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(region__in=Region.values),
                name="member_region_valid",
            ),
            models.CheckConstraint(
                condition=Q(year_joined__isnull=True) | Q(year_joined__gte=2011),
                name="member_joined_after_ogp_founded",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("members:detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        """The name pages show: OGP's name in English; in another language, CLDR's name of the
        country for a national member ("Albanie" in French), OGP's name for a local one."""
        return member_display_name(self.name, self.kind, self.country_code)


def member_display_name(
    name: str, kind: str, country_code: str, language: str | None = None
) -> str:
    """Member.display_name from the three columns it reads, for lists that read no instances;
    `language` defaults to the active one."""
    language = language or get_language() or "en"
    if language.startswith("en") or kind != MemberKind.NATIONAL or not country_code:
        return name
    return country_name(country_code, language) or name


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    OTHER = "other", _("Other")


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    MULTILATERAL = "multilateral", _("Multilateral")
    OTHER = "other", _("Other")


class Organization(models.Model):
    Kind = OrganizationKind

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="organizations", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    website_url = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["member", "name"], name="organization_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=OrganizationKind.values),
                name="organization_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    POINT_OF_CONTACT = "point_of_contact", _("Point of contact")
    GOVERNMENT_OFFICIAL = "government_official", _("Government official")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    IRM_STAFF = "irm_staff", _("IRM staff")
    SUPPORT_UNIT = "support_unit", _("OGP Support Unit")


class User(AbstractUser):
    """A person with an account: their role and the member they work for are their profile."""

    Role = Role

    role = models.CharField(_("role"), max_length=30, choices=Role.choices, blank=True)
    member = models.ForeignKey(
        Member,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("member"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("organisation"),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the e-mails the portal sends you"),
    )

    # django-stubs leave out AbstractUser.Meta, which Django defines.
    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=["", *Role.values]),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class MultiStakeholderForum(models.Model):
    member = models.OneToOneField(
        Member, on_delete=models.CASCADE, related_name="forum", verbose_name=_("member")
    )
    name = models.CharField(_("name"), max_length=300)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    rules_url = models.URLField(_("rules of participation (link)"), blank=True)
    rules = models.TextField(_("rules of participation"), blank=True)
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("multi-stakeholder forum")
        verbose_name_plural = _("multi-stakeholder forums")

    def __str__(self) -> str:
        return self.name


class ForumSeatQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "ForumSeatQuerySet":
        """Seats held on the day `on` (default today): a seat is current until the day it is
        left, so not on that day."""
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class ForumSeat(models.Model):
    forum = models.ForeignKey(MultiStakeholderForum, on_delete=models.CASCADE, related_name="seats")
    person_name = models.CharField(_("person"), max_length=200)
    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="forum_seats"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="forum_seats"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    is_co_chair = models.BooleanField(_("co-chair"), default=False)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = ForumSeatQuerySet.as_manager()

    class Meta:
        ordering = ["-is_co_chair", "sector", "person_name"]
        verbose_name = _("forum seat")
        verbose_name_plural = _("forum seats")
        constraints = [
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values),
                name="forumseat_sector_valid",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=models.F("joined_on")),
                name="forumseat_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.get_sector_display()})"


class ForumMeeting(models.Model):
    forum = models.ForeignKey(
        MultiStakeholderForum, on_delete=models.CASCADE, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    agenda = models.TextField(_("agenda"), blank=True)
    government_attendees = models.PositiveSmallIntegerField(_("government attendees"), default=0)
    civil_society_attendees = models.PositiveSmallIntegerField(
        _("civil society attendees"), default=0
    )
    other_attendees = models.PositiveSmallIntegerField(_("other attendees"), default=0)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes (file)"), upload_to=upload_path, blank=True)
    minutes_file_type = models.CharField(max_length=100, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("forum meeting")
        verbose_name_plural = _("forum meetings")

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%Y-%m-%d})"


class ForumInvitationQuerySet(models.QuerySet):
    def pending(self) -> "ForumInvitationQuerySet":
        """Invitations that can still be accepted: not used, not revoked, not expired."""
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class ForumInvitation(models.Model):
    """An invitation to take a seat in a member's forum. The link's token is only ever stored
    as its SHA-256, so the database cannot be used to accept anyone's invitation."""

    forum = models.ForeignKey(
        MultiStakeholderForum, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    person_name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    is_co_chair = models.BooleanField(_("co-chair"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="forum_invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    seat = models.OneToOneField(
        ForumSeat, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitation"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ForumInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("forum invitation")
        verbose_name_plural = _("forum invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="foruminvitation_sector_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="foruminvitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} <{self.email}>"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
