import pytest

from portal.roles import Role

from ..partnerships.factories import BoardFactory, MembershipFactory, PartnershipFactory
from .factories import RiskLogFactory, TaskFactory, WorkProgrammeFactory


@pytest.fixture
def world(officer, board_member, partner_contact, make_user):
    """Health (led by `officer`, supported by `supporter`; the board member sits on its board
    and the partner's organisation is represented) with a programme and a risk log, and
    Carlisle, which nobody here belongs to, with its own programme and log."""
    health = PartnershipFactory(name="Health and Wellbeing Board", lead_officer=officer)
    board = BoardFactory(partnership=health, name="Health and Wellbeing Board")
    MembershipFactory(board=board, user=board_member, contact=None)
    MembershipFactory(board=board, organisation=partner_contact.organisation)
    supporter = make_user(Role.OFFICER, username="supporter")
    health.supporting_officers.add(supporter)
    other = PartnershipFactory(name="Carlisle Partnership", kind="strategic")
    stranger = make_user(Role.OFFICER, username="stranger")
    programme = WorkProgrammeFactory(partnership=health, title="Health programme 2007/08")
    other_programme = WorkProgrammeFactory(partnership=other, title="Carlisle programme")
    return {
        "health": health,
        "other": other,
        "supporter": supporter,
        "stranger": stranger,
        "programme": programme,
        "other_programme": other_programme,
        "task": TaskFactory(programme=programme, number=1, title="Health task"),
        "other_task": TaskFactory(programme=other_programme, number=1, title="Carlisle task"),
        "log": RiskLogFactory(partnership=health, name="Health refresh"),
        "other_log": RiskLogFactory(partnership=other, name="Carlisle refresh"),
    }
