"""Forms that guide: a field required only when another has a value says so in its help text,
carries the condition for the page's script and is refused empty when the condition holds;
people's choices offer only those who can fill the role; long lists of choices are checkboxes
that the script can narrow."""

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from compact.forms import BreachForm, CommitmentForm, CompactForm
from compact.models import Breach
from grants.forms import AwardChangeForm, AwardForm, FundForm, PBRoundForm
from partnerships.forms import PartnershipForm
from partnerships.models import Partnership, User
from portal.forms import FILLED, PortalForm, SearchableCheckboxSelectMultiple
from portal.roles import Role
from workprogramme.forms import TaskForm
from workprogramme.models import Task

from ..partnerships.factories import OrganisationFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("partnerships:partnership_add")


class ExampleForm(PortalForm):
    kind = forms.ChoiceField(choices=[("", "—"), ("grant", "Grant"), ("loan", "Loan")])
    secured = forms.BooleanField(label="Secured", required=False)
    closed_on = forms.DateField(label="Closed on", required=False)
    repayment = forms.CharField(label="Repayment terms", required=False)
    security = forms.CharField(label="Security held", required=False)
    outcome = forms.CharField(label="Outcome", required=False)
    never = forms.CharField(label="Never", required=False)

    required_when = {
        "repayment": ("kind", ["loan"]),
        "security": ("secured", True, "Say what is held."),
        "outcome": ("closed_on", FILLED),
        "never": ("kind", lambda form: None),  # a condition that does not apply here
    }


def test_the_help_text_says_when_a_field_is_required():
    form = ExampleForm()
    assert form.fields["repayment"].help_text == "Required when \u201cKind\u201d is Loan."
    assert form.fields["security"].help_text == "Required when \u201cSecured\u201d is ticked."
    assert form.fields["outcome"].help_text == "Required when \u201cClosed on\u201d is given."
    assert form.fields["never"].help_text == ""
    assert not any(f.required for n, f in form.fields.items() if n != "kind")


def test_the_widget_carries_the_condition_for_the_script():
    html = str(ExampleForm(prefix="x")["repayment"])
    assert 'data-required-when="x-kind"' in html
    assert 'data-required-values="[&quot;loan&quot;]"' in html
    assert 'data-required-values="[&quot;*&quot;]"' in str(ExampleForm()["outcome"])
    assert "data-required-when" not in str(ExampleForm()["never"])


@pytest.mark.parametrize(
    "data, errors",
    [
        ({"kind": "grant"}, {}),
        ({"kind": "loan"}, {"repayment": "This is required when \u201cKind\u201d is Loan."}),
        ({"kind": "loan", "repayment": "   "}, {"repayment": "required when"}),
        ({"kind": "loan", "repayment": "Ten years"}, {}),
        ({"kind": "grant", "secured": "on"}, {"security": "Say what is held."}),
        ({"kind": "grant", "closed_on": "2026-01-05"}, {"outcome": "\u201cClosed on\u201d"}),
        ({"kind": "grant", "closed_on": "2026-01-05", "outcome": "Resolved"}, {}),
    ],
)
def test_an_empty_field_is_refused_only_when_its_condition_holds(data, errors):
    form = ExampleForm(data)
    assert form.is_valid() == (not errors)
    for name, text in errors.items():
        assert form.errors[name] == [form.errors[name][0]]
        assert text in form.errors[name][0]
    assert set(form.errors) == set(errors)


def test_officers_are_the_active_officers_and_administrators(make_user):
    make_user(Role.OFFICER, name="Olive Officer")
    make_user(Role.ADMINISTRATOR, name="Ada Admin")
    UserFactory(name="Sue Super", is_superuser=True)
    make_user(Role.BOARD_MEMBER, name="Bob Member")
    make_user(Role.PARTNER_CONTACT, name="Pat Partner")
    make_user(Role.OFFICER, name="Gone Officer", is_active=False)
    UserFactory(name="No Role")
    names = sorted(u.name for u in User.objects.officers())
    assert names == ["Ada Admin", "Olive Officer", "Sue Super"]


def test_officers_lists_each_person_once(make_user):
    from django.contrib.auth.models import Group

    person = make_user(Role.OFFICER, name="Oscar Both")
    person.groups.add(Group.objects.get_or_create(name=Role.ADMINISTRATOR)[0])
    person.is_superuser = True
    person.save()
    assert list(User.objects.officers()) == [person]


@pytest.fixture
def people(make_user, settings):
    council = OrganisationFactory(name=settings.PORTAL_COUNCIL_NAME)
    return {
        "council": council,
        "officer": make_user(Role.OFFICER, username="officer", name="Olive Officer"),
        "admin": make_user(Role.ADMINISTRATOR, name="Ada Admin"),
        "member": make_user(Role.BOARD_MEMBER, name="Bob Councillor"),
        "partner": make_user(Role.PARTNER_CONTACT, name="Pat Partner"),
    }


def test_lead_and_supporting_officers_offer_only_officers(people):
    form = PartnershipForm()
    for name in ("lead_officer", "supporting_officers"):
        offered = {u.name for u in form.fields[name].queryset}
        assert offered == {"Olive Officer", "Ada Admin"}, name
    assert isinstance(form.fields["supporting_officers"].widget, SearchableCheckboxSelectMultiple)


def test_a_partnership_keeps_its_officers_who_have_since_left_the_role(people):
    member = people["member"]
    p = PartnershipFactory(lead_officer=member)
    p.supporting_officers.add(people["partner"])
    form = PartnershipForm(instance=p)
    assert member in form.fields["lead_officer"].queryset
    assert people["partner"] in form.fields["supporting_officers"].queryset
    assert people["partner"] not in PartnershipForm().fields["supporting_officers"].queryset


def test_a_councillor_cannot_be_made_lead_officer(client_for, people):
    response = client_for(people["officer"]).post(
        ADD,
        {
            "name": "Crewe Town Partnership",
            "kind": "town",
            "status": "active",
            "lead_officer": people["member"].pk,
        },
    )
    assert response.status_code == 200
    assert "lead_officer" in response.context["form"].errors
    assert not Partnership.objects.filter(name="Crewe Town Partnership").exists()


def test_the_add_page_says_what_the_council_as_accountable_body_asks_for(client_for, people):
    content = client_for(people["officer"]).get(ADD).content.decode()
    council = people["council"]
    assert (
        content.count("Required when \u201cAccountable body\u201d is Cheshire East Council.") == 2
    )
    assert content.count(f'data-required-values="[&quot;{council.pk}&quot;]"') == 2
    assert 'type="checkbox" class="form-check-input"  name="supporting_officers"' in content
    assert "Bob Councillor" not in content and "Pat Partner" not in content
    assert "guided-forms.js" in content


def test_choosing_the_council_without_criteria_gives_one_error_on_each_field(client_for, people):
    data = {
        "name": "Crewe Town Partnership",
        "kind": "town",
        "status": "active",
        "accountable_body": people["council"].pk,
    }
    response = client_for(people["officer"]).post(ADD, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"accountable_body_criteria", "accountable_body_risks"}
    assert all(len(errors[name]) == 1 for name in errors)
    assert not Partnership.objects.filter(name="Crewe Town Partnership").exists()
    response = client_for(people["officer"]).post(
        ADD,
        {
            **data,
            "accountable_body_criteria": "Constitution checked",
            "accountable_body_risks": "Exposure accepted",
            "supporting_officers": [people["admin"].pk],
        },
    )
    assert response.status_code == 302
    made = Partnership.objects.get(name="Crewe Town Partnership")
    assert list(made.supporting_officers.all()) == [people["admin"]]


def test_another_accountable_body_asks_for_neither(client_for, people):
    other = OrganisationFactory(name="Cheshire Police")
    response = client_for(people["officer"]).post(
        ADD,
        {
            "name": "Safer Crewe",
            "kind": "thematic",
            "status": "active",
            "accountable_body": other.pk,
        },
    )
    assert response.status_code == 302


def test_without_a_council_among_the_bodies_nothing_is_conditional(make_user):
    form = PartnershipForm()
    assert "Required when" not in form.fields["accountable_body_risks"].help_text


@pytest.mark.parametrize("rows", [5, 40])
def test_the_add_page_query_count_does_not_grow_with_officers(
    client_for, people, make_user, rows, django_assert_max_num_queries
):
    for n in range(rows):
        make_user(Role.OFFICER, name=f"Officer {n:02d}")
    client = client_for(people["officer"])
    client.get(ADD)
    with django_assert_max_num_queries(12):
        assert client.get(ADD).status_code == 200


@pytest.mark.parametrize(
    "form, field, condition",
    [
        (lambda: AwardChangeForm(), "new_amount", "\u201cKind\u201d is Reduce"),
        (lambda: PBRoundForm(), "max_choices", "\u201cRule\u201d is"),
        (lambda: CompactForm(), "adopted_date", "\u201cStatus\u201d is Adopted"),
        (lambda: CommitmentForm(), "check_number", "\u201cChecked against records\u201d is given"),
        (
            lambda: CommitmentForm(),
            "check_kind",
            "\u201cWeeks, months or days for the check\u201d is given",
        ),
        (lambda: BreachForm(instance=Breach()), "outcome", "\u201cResolved on\u201d is given"),
        (lambda: TaskForm(), "status_reason", "\u201cStatus\u201d is In hand elsewhere"),
    ],
)
def test_the_other_conditional_requirements_are_declared(form, field, condition):
    bound = form()
    assert "Required when " + condition in bound.fields[field].help_text
    assert "data-required-when" in str(bound[field])


def test_a_task_in_hand_elsewhere_says_where():
    form = TaskForm(
        {"number": "1", "title": "Fuel poverty", "status": Task.Status.IN_HAND_ELSEWHERE}
    )
    assert not form.is_valid()
    assert form.errors["status_reason"] == [
        'Say where it is in hand, e.g. "Already being addressed with the LAA".'
    ]


def test_a_closed_breach_needs_its_outcome_once():
    form = BreachForm({"closed_on": timezone.localdate().isoformat()}, instance=Breach())
    form.is_valid()
    assert form.errors["outcome"] == ["Record the outcome when the breach is resolved."]


def test_long_lists_of_outcomes_can_be_narrowed():
    for form in (FundForm(), AwardForm()):
        assert isinstance(form.fields["outcomes"].widget, SearchableCheckboxSelectMultiple)
