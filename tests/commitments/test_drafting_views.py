import pytest
from django.urls import reverse

from commitments import comments, drafting
from commitments.models import Commitment
from members.models import Role, Sector
from tests.members.factories import MemberFactory, UserFactory

from .drafting_fixtures import forum_member, plan_in_co_creation

pytestmark = pytest.mark.django_db


def edit_url(commitment):
    return reverse("commitments:edit", args=[commitment.pk])


def form_data(commitment, **changes):
    values = {**drafting.draft_values(commitment), **changes}
    data = {
        name: ("on" if value is True else "" if value in (None, False) else str(value))
        for name, value in values.items()
        if value is not False
    }
    data["version"] = str(changes.pop("version", commitment.version))
    milestones = drafting.milestone_drafts(commitment)
    data.update(
        {
            "milestones-TOTAL_FORMS": str(len(milestones) + 1),
            "milestones-INITIAL_FORMS": str(len(milestones)),
        }
    )
    for index, milestone in enumerate(milestones):
        data[f"milestones-{index}-id"] = str(milestone.id)
        data[f"milestones-{index}-description"] = milestone.description
        data[f"milestones-{index}-ORDER"] = str(index + 1)
    return data


def test_the_edit_page_shows_the_template_and_milestones(client, draft, official):
    client.force_login(official)
    response = client.get(edit_url(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="version" value="1"' in html
    assert "Publish the 2027 budget as CSV" in html
    assert 'name="problem"' in html


def test_the_edit_page_takes_a_constant_number_of_queries(
    client, draft, official, django_assert_max_num_queries
):
    client.force_login(official)
    with django_assert_max_num_queries(14):
        client.get(edit_url(draft))
    for number in range(5):
        drafting.milestone_create(
            user=official,
            commitment=draft,
            version=draft.version + number,
            draft=drafting.MilestoneDraft(f"Milestone {number}"),
        )
    with django_assert_max_num_queries(14):
        client.get(edit_url(draft))


def test_saving_the_form_stores_a_new_version_and_reorders_milestones(client, draft, official):
    client.force_login(official)
    data = form_data(draft, title="Open budgets")
    data["milestones-0-ORDER"], data["milestones-1-ORDER"] = "2", "1"
    data["milestones-2-description"] = "Train journalists"
    data["milestones-2-ORDER"] = "3"
    response = client.post(edit_url(draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.version == 2 and draft.title == "Open budgets"
    assert [m.description for m in draft.milestones.all()] == [
        "Hold two public hearings",
        "Publish the 2027 budget as CSV",
        "Train journalists",
    ]


def test_a_bad_field_is_shown_next_to_it_and_nothing_is_stored(client, draft, official):
    client.force_login(official)
    response = client.post(edit_url(draft), form_data(draft, title=""))
    assert response.status_code == 200
    assert 'id="id_title_error"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.version == 1


def test_a_stale_save_on_the_same_field_shows_the_conflict_page(client, draft, official, activist):
    stale = form_data(draft, title="Budgets in the open", theme="Fiscal openness")
    drafting.commitment_update(
        user=activist, commitment=draft, version=1, values={"title": "Open budgets"}
    )
    client.force_login(official)
    response = client.post(edit_url(draft), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Open budgets" in html and "Budgets in the open" in html
    draft.refresh_from_db()
    assert draft.version == 2 and draft.theme == "Budget"
    resolved = {key: value for key, value in response.context["carried"] if value is not None}
    resolved.update(version="2", title="Budgets in the open", resolve_title="theirs")
    resolved["theirs_title"] = "Open budgets"
    response = client.post(edit_url(draft), resolved)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.theme, draft.version) == ("Open budgets", "Fiscal openness", 3)


def test_a_stale_save_on_other_fields_merges_without_asking(client, draft, official, activist):
    stale = form_data(draft, theme="Fiscal openness")
    drafting.commitment_update(
        user=activist, commitment=draft, version=1, values={"title": "Open budgets"}
    )
    client.force_login(official)
    assert client.post(edit_url(draft), stale).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.theme) == ("Open budgets", "Fiscal openness")


def test_an_earlier_version_is_viewed_and_restored(client, draft, official):
    first = draft.history.get()
    drafting.commitment_update(user=official, commitment=draft, version=1, values={"title": "R"})
    client.force_login(official)
    url = reverse("commitments:version", args=[draft.pk, first.history_id])
    assert "Open budget data" in client.get(url).content.decode()
    assert client.post(url, {"version": "2"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Open budget data", 3)


def test_comments_are_escaped_and_links_made_links(client, draft, official):
    client.force_login(official)
    url = reverse("commitments:comment", args=[draft.pk])
    client.post(url, {"text": "<script>x</script> see https://example.org/budget"})
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert '<a href="https://example.org/budget"' in html


def test_comments_are_hidden_from_the_public(client, draft, official):
    comments.commitment_comment_create(user=official, commitment=draft, text="Internal note")
    irm = UserFactory(role=Role.IRM_STAFF, member=None)
    client.force_login(irm)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Internal note" not in html


def test_an_imported_commitment_says_it_was_imported_not_drafted(client):
    from tests.commitments.factories import CommitmentFactory

    commitment = CommitmentFactory()  # its plan was submitted in 2023; stored today
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "Imported from OGP&#x27;s export" in html
    assert "Commitment drafted" not in html
    assert "Action plan period starts" in html


# The permission matrix: who may do what on their own member's plan and on another's.
ROLES = (
    "anonymous",
    "public",
    "government_member",
    "civil_society_member",
    "co_chair",
    "point_of_contact",
    "irm_staff",
    "support_unit",
)
MAY_WRITE = {"government_member", "civil_society_member", "co_chair", "point_of_contact"}


def person(role, member):
    if role == "anonymous":
        return None
    if role == "public":
        return UserFactory(role=Role.CIVIL_SOCIETY, member=None)
    if role == "government_member":
        return forum_member(member, Sector.GOVERNMENT)
    if role == "civil_society_member":
        return forum_member(member)
    if role == "co_chair":
        return forum_member(member, is_co_chair=True)
    if role == "point_of_contact":
        return UserFactory(role=Role.POINT_OF_CONTACT, member=member)
    return UserFactory(
        role=Role.IRM_STAFF if role == "irm_staff" else Role.SUPPORT_UNIT, member=None
    )


def actions(plan, commitment):
    record = commitment.history.get()
    data = form_data(commitment, title="Changed")
    return {
        "new": ("get", reverse("commitments:new", args=[plan.member.slug, plan.pk]), None),
        "create": (
            "post",
            reverse("commitments:new", args=[plan.member.slug, plan.pk]),
            {"title": "Another", "milestones-TOTAL_FORMS": "0", "milestones-INITIAL_FORMS": "0"},
        ),
        "edit": ("get", edit_url(commitment), None),
        "save": ("post", edit_url(commitment), data),
        "restore": (
            "post",
            reverse("commitments:version", args=[commitment.pk, record.history_id]),
            {"version": "1"},
        ),
        "comment": ("post", reverse("commitments:comment", args=[commitment.pk]), {"text": "Hi"}),
    }


@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, whose):
    own = MemberFactory()
    plan = plan_in_co_creation(own if whose == "own" else MemberFactory())
    author = UserFactory(role=Role.POINT_OF_CONTACT, member=plan.member)
    commitment = drafting.commitment_create(user=author, plan=plan, values={"title": "Draft"})
    user = person(role, own)
    if user is not None:
        client.force_login(user)
    allowed = role in MAY_WRITE and whose == "own"
    for action, (method, url, data) in actions(plan, commitment).items():
        response = getattr(client, method)(url, data or {})
        if role == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"], action
        elif allowed:
            assert response.status_code in (200, 302), (action, response.status_code)
        else:
            assert response.status_code in (403, 404), (action, response.status_code)
    commitment.refresh_from_db()
    assert (commitment.title == "Changed") == allowed
    assert Commitment.objects.filter(title="Another").exists() == allowed
