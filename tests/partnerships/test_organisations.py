import csv
import io

import pytest
from django.urls import reverse

from partnerships.models import Organisation
from partnerships.services import organisation_create, organisation_update
from portal.models import Job

from ..conftest import wait_for_job
from .factories import OrganisationFactory

pytestmark = pytest.mark.django_db

LIST = reverse("partnerships:organisation_list")
ADD = reverse("partnerships:organisation_add")
EXPORT = reverse("partnerships:organisation_export")

VALID = {
    "name": "Cheshire Community Action",
    "sector": "vcfs",
    "kind": "infrastructure",
    "charity_number": "1 104 525",
    "company_number": "05069765",
    "address": "Northwich",
    "website": "https://example.org",
    "active": "on",
}


@pytest.fixture
def organisations(partner_contact):
    """Two active public bodies, an inactive one, and the partner contact's own (VCFS)."""
    return {
        "council": OrganisationFactory(name="Cheshire East Council"),
        "police": OrganisationFactory(name="Cheshire Constabulary", kind="police"),
        "old": OrganisationFactory(name="Cheshire County Council", active=False),
        "own": partner_contact.organisation,
    }


# --- who may see what -------------------------------------------------------------------------

LIST_STATUS = {
    "anonymous": 302,
    "no_role_user": 403,
    "partner_contact": 200,
    "board_member": 200,
    "officer": 200,
    "administrator": 200,
}


def test_list_permissions(role_client, organisations):
    role, client = role_client
    response = client.get(LIST)
    assert response.status_code == LIST_STATUS[role]
    if response.status_code == 302:
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    "role,visible",
    [
        ("partner_contact", {"Third Sector Assembly"}),
        (
            "board_member",
            {"Cheshire East Council", "Cheshire Constabulary", "Third Sector Assembly"},
        ),
        (
            "officer",
            {
                "Cheshire East Council",
                "Cheshire Constabulary",
                "Cheshire County Council",
                "Third Sector Assembly",
            },
        ),
    ],
)
def test_list_shows_only_what_the_role_may_see(request, client_for, organisations, role, visible):
    user = request.getfixturevalue(role)
    response = client_for(user).get(LIST)
    assert {o.name for o in response.context["organisations"]} == visible
    # The list and the object rule agree, organisation by organisation.
    for organisation in Organisation.objects.all():
        assert user.has_perm("partnerships.view_organisation", organisation) == (
            organisation.name in visible
        )


DETAIL_STATUS = {
    # (role, organisation key): status
    "anonymous": {"council": 302, "old": 302, "own": 302},
    "no_role_user": {"council": 404, "old": 404, "own": 404},
    "partner_contact": {"council": 404, "old": 404, "own": 200},
    "board_member": {"council": 200, "old": 404, "own": 200},
    "officer": {"council": 200, "old": 200, "own": 200},
    "administrator": {"council": 200, "old": 200, "own": 200},
}
EDIT_STATUS = {
    "anonymous": {"council": 302, "old": 302, "own": 302},
    "no_role_user": {"council": 404, "old": 404, "own": 404},
    "partner_contact": {"council": 404, "old": 404, "own": 403},
    "board_member": {"council": 403, "old": 404, "own": 403},
    "officer": {"council": 200, "old": 200, "own": 200},
    "administrator": {"council": 200, "old": 200, "own": 200},
}


@pytest.mark.parametrize(
    "page", ["organisation_detail", "organisation_edit", "organisation_history"]
)
def test_object_page_permissions(role_client, organisations, page):
    role, client = role_client
    table = DETAIL_STATUS if page == "organisation_detail" else EDIT_STATUS
    for key, expected in table[role].items():
        url = reverse(f"partnerships:{page}", args=[organisations[key].pk])
        assert client.get(url).status_code == expected, (role, key, page)


def test_unknown_organisation_is_404(client_for, officer):
    response = client_for(officer).get(reverse("partnerships:organisation_detail", args=[999999]))
    assert response.status_code == 404
    assert b"Page not found" in response.content


ADD_STATUS = {
    "anonymous": 302,
    "no_role_user": 403,
    "partner_contact": 403,
    "board_member": 403,
    "officer": 200,
    "administrator": 200,
}


def test_add_permissions(role_client):
    role, client = role_client
    assert client.get(ADD).status_code == ADD_STATUS[role]
    before = Organisation.objects.count()
    response = client.post(ADD, VALID)
    assert response.status_code == (302 if ADD_STATUS[role] == 200 else ADD_STATUS[role])
    assert Organisation.objects.count() == before + (1 if ADD_STATUS[role] == 200 else 0)


# --- the list: filters, pagination, query count ------------------------------------------------


def test_filters_by_sector_kind_text_and_status(client_for, officer, organisations):
    client = client_for(officer)

    def names(**query):
        return {o.name for o in client.get(LIST, query).context["organisations"]}

    assert names(sector="vcfs") == {"Third Sector Assembly"}
    assert names(kind="police") == {"Cheshire Constabulary"}
    assert names(q="county") == {"Cheshire County Council"}
    assert names(active="false") == {"Cheshire County Council"}
    assert "Cheshire County Council" not in names(active="true")


def test_search_finds_a_registered_number_however_it_is_typed(client_for, officer):
    OrganisationFactory(name="Age UK Cheshire", sector="vcfs", charity_number="1104525")
    response = client_for(officer).get(LIST, {"q": "110 4525"})
    assert [o.name for o in response.context["organisations"]] == ["Age UK Cheshire"]


def test_a_bad_filter_value_is_explained_not_a_500(client_for, officer, organisations):
    response = client_for(officer).get(LIST, {"sector": "martian"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_list_paginates_and_keeps_the_filters(client_for, officer):
    OrganisationFactory.create_batch(30, sector="vcfs", kind="voluntary")
    response = client_for(officer).get(LIST, {"sector": "vcfs", "page": 2})
    content = response.content.decode()
    assert response.context["page_obj"].number == 2
    assert "Showing 26–30 of 30 organisations" in content
    assert "?sector=vcfs&amp;page=1" in content


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_rows(
    client_for, officer, rows, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(rows)
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "page", ["organisation_detail", "organisation_edit", "organisation_history"]
)
def test_object_pages_query_count(client_for, officer, django_assert_max_num_queries, page):
    organisation = OrganisationFactory()
    for n in range(10):
        organisation_update(organisation=organisation, data={"address": f"{n} High St"}, by=officer)
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        assert (
            client.get(reverse(f"partnerships:{page}", args=[organisation.pk])).status_code == 200
        )


# --- create and edit --------------------------------------------------------------------------


def test_officer_adds_an_organisation(client_for, officer):
    response = client_for(officer).post(ADD, VALID, follow=True)
    organisation = Organisation.objects.get(name="Cheshire Community Action")
    assert organisation.charity_number == "1104525"  # spaces removed
    assert organisation.org_id == "GB-CHC-1104525"
    assert "Cheshire Community Action was added" in response.content.decode()
    assert organisation.history.get().history_user == officer


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("charity_number", "12AB", "Enter a charity number as registered"),
        ("company_number", "123", "Enter a Companies House number"),
        ("website", "not a web address", "Enter a valid URL"),
        ("name", "", "This field is required"),
        ("sector", "", "This field is required"),
    ],
)
def test_bad_input_shows_field_errors_and_saves_nothing(client_for, officer, field, value, message):
    response = client_for(officer).post(ADD, {**VALID, field: value})
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert "There is a problem" in response.content.decode()
    assert response.content.decode().count(message) >= 1
    assert not Organisation.objects.filter(name=VALID["name"]).exists()


def test_duplicate_charity_company_number_and_name_are_refused(client_for, officer):
    OrganisationFactory(name="Existing", charity_number="1104525", company_number="05069765")
    response = client_for(officer).post(ADD, {**VALID, "name": "Existing"})
    errors = response.context["form"].errors
    assert "already has this charity number" in errors["charity_number"][0]
    assert "already has this company number" in errors["company_number"][0]
    assert "already in the register" in errors["name"][0]
    assert Organisation.objects.count() == 1


def test_officer_edits_and_the_history_shows_the_change(client_for, officer, organisations):
    council = organisations["council"]
    client = client_for(officer)
    url = reverse("partnerships:organisation_edit", args=[council.pk])
    data = {**VALID, "name": council.name, "charity_number": "", "company_number": ""}
    response = client.post(url, {**data, "website": "https://www.cheshireeast.gov.uk"})
    assert response.status_code == 302
    history = client.get(reverse("partnerships:organisation_history", args=[council.pk]))
    content = history.content.decode()
    assert officer.name in content
    assert "https://www.cheshireeast.gov.uk" in content
    assert "Changed" in content


def test_invalid_edit_keeps_the_saved_record(client_for, officer, organisations):
    council = organisations["council"]
    url = reverse("partnerships:organisation_edit", args=[council.pk])
    response = client_for(officer).post(url, {**VALID, "name": "", "charity_number": "x"})
    assert response.status_code == 200
    assert f"Edit {council.name}" in response.content.decode()
    council.refresh_from_db()
    assert council.name == "Cheshire East Council"


def test_registered_numbers_may_be_typed_with_spaces(client_for, officer):
    response = client_for(officer).post(ADD, {**VALID, "company_number": "SC 123 456"})
    assert response.status_code == 302
    assert Organisation.objects.get().company_number == "SC123456"


def test_service_refuses_bad_data_with_a_readable_error(officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        organisation_create(data={**VALID, "charity_number": "nope", "active": True}, by=officer)
    assert "charity number" in str(raised.value)
    assert not Organisation.objects.exists()


# --- CSV export through the queue -------------------------------------------------------------


def _csv(job: Job) -> list[dict]:
    with job.file.open("rb") as f:
        return list(csv.DictReader(io.StringIO(f.read().decode("utf-8-sig"))))


def test_export_queues_a_job_of_the_filtered_list(
    client_for, officer, organisations, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="=HYPERLINK(evil)", kind="police")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(EXPORT, {"kind": "police", "page": "2"})
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.message == "2 organisations exported."
    rows = _csv(job)
    assert [r["Name"] for r in rows] == ["'=HYPERLINK(evil)", "Cheshire Constabulary"]
    assert rows[1]["Kind"] == "Police"


EXPORT_STATUS = {
    "anonymous": 302,
    "no_role_user": 403,
    "partner_contact": 403,
    "board_member": 302,
    "officer": 302,
    "administrator": 302,
}


def test_export_permissions(role_client, django_capture_on_commit_callbacks):
    role, client = role_client
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EXPORT, {})
    assert response.status_code == EXPORT_STATUS[role]
    assert Job.objects.exists() == (role in ("board_member", "officer", "administrator"))


def test_export_with_bad_filters_queues_nothing_and_says_why(client_for, officer, organisations):
    response = client_for(officer).post(EXPORT, {"sector": "bogus"}, follow=True)
    assert not Job.objects.exists()
    assert "Nothing was exported: correct the filters first" in response.content.decode()


def test_edit_by_post_is_refused_to_those_who_may_not(client_for, request, organisations):
    council = organisations["council"]
    url = reverse("partnerships:organisation_edit", args=[council.pk])
    for role, expected in [("board_member", 403), ("partner_contact", 404), ("no_role_user", 404)]:
        response = client_for(request.getfixturevalue(role)).post(url, {**VALID, "name": "Renamed"})
        assert response.status_code == expected, role
    council.refresh_from_db()
    assert council.name == "Cheshire East Council"


def test_a_model_permission_granted_in_the_admin_does_not_open_the_pages(client_for, board_member):
    from django.contrib.auth.models import Permission

    board_member.user_permissions.add(Permission.objects.get(codename="add_organisation"))
    assert client_for(board_member).get(ADD).status_code == 403


def test_someone_with_two_roles_sees_in_the_list_what_they_may_open(
    client_for, make_user, organisations
):
    from portal.roles import Role

    from ..conftest import role_group

    both = make_user(Role.BOARD_MEMBER, organisation=organisations["old"])
    both.groups.add(role_group(Role.PARTNER_CONTACT))
    names = {o.name for o in client_for(both).get(LIST).context["organisations"]}
    assert "Cheshire County Council" in names  # their own, although inactive
    assert both.has_perm("partnerships.view_organisation", organisations["old"])


@pytest.mark.worker
def test_export_runs_on_the_worker(worker, client_for, board_member, organisations):
    response = client_for(board_member).post(EXPORT, {})
    job = wait_for_job(Job.objects.get(pk=response.url.split("/")[-2]))
    assert job.status == Job.Status.DONE, job.message
    # A board member's export holds the active organisations only, as their list does.
    assert {r["Name"] for r in _csv(job)} == {
        "Cheshire East Council",
        "Cheshire Constabulary",
        "Third Sector Assembly",
    }


def test_add_page_query_count(client_for, officer, django_assert_max_num_queries):
    OrganisationFactory.create_batch(20)
    client = client_for(officer)
    with django_assert_max_num_queries(6):
        assert client.get(ADD).status_code == 200


def test_export_request_query_count(client_for, officer, django_assert_max_num_queries):
    client = client_for(officer)
    # The request only records the job; the rows are read by the task.
    with django_assert_max_num_queries(8):
        assert client.post(EXPORT, {"sector": "public"}).status_code == 302
