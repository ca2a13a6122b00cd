"""The structure chart, drawn a few levels at a time.

A county's chart has thousands of town and parish partnerships under a handful of boards. The
page shows the top of the tree to ``PORTAL_STRUCTURE_DEPTH`` levels and, under each partnership
whose branch goes deeper, how many partnerships are accountable to it with a link that opens
that branch (``?under=<id>``; ``static/js/structure.js`` opens it in place). A partnership never
lists more than ``PORTAL_STRUCTURE_CHILDREN`` of its own; the rest are a link to the register
filtered to them. So a page costs one query per level shown, whatever the size of the tree.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber

from portal.queries import count_of

from .models import Partnership


@dataclass
class Node:
    p: Partnership
    depth: int
    children: list["Node"] = field(default_factory=list)
    below: int = 0  # partnerships accountable to this one
    more: int = 0  # of those, how many this page leaves out

    @property
    def collapsed(self) -> bool:
        """It has a branch that this page does not show."""
        return self.below > 0 and not self.children


def _charted(user):
    """The partnerships on this user's chart: those the register shows them, less dissolved."""
    return Partnership.objects.visible_in_register_to(user).exclude(
        status=Partnership.Status.DISSOLVED
    )


def _level(user, parents_filter: Q, *, cap: int | None = None):
    """One level of the chart, each with the number accountable to it; with ``cap``, no more
    than that many under any one parent (the database cuts them, by name). The level's ids
    come first, from bare rows, so the register's flags are worked out for what is shown."""
    ids = _charted(user).filter(parents_filter)
    if cap is not None:
        ids = ids.annotate(
            place=Window(RowNumber(), partition_by=F("accountable_to"), order_by=("name", "pk"))
        ).filter(place__lte=cap)
    return (
        Partnership.objects.for_register(user)
        .filter(pk__in=list(ids.values_list("pk", flat=True)))
        .select_related("commissioned_by")
        .annotate(below=count_of(_charted(user), "accountable_to"))
    )


KIND_ORDER = list(Partnership.Kind.values)


def _ordered(rows):
    return sorted(rows, key=lambda p: (KIND_ORDER.index(p.kind), p.name, p.pk))


def chart(user, *, under: Partnership | None = None, depth: int | None = None) -> list[Node]:
    """The chart's top levels; or, for a branch, one node (``under``) holding its branch."""
    depth = depth or settings.PORTAL_STRUCTURE_DEPTH
    cap = settings.PORTAL_STRUCTURE_CHILDREN
    if under is None:
        # The top: partnerships accountable to no one on this user's chart.
        first = _level(user, ~Q(accountable_to__in=_charted(user).values("pk")))
        top = [Node(p, 1, below=p.below) for p in _ordered(first)]
    else:
        top = [Node(under, 1, below=_charted(user).filter(accountable_to=under).count())]
    level = {node.p.pk: node for node in top}
    for d in range(2, depth + 1 if under is None else depth + 2):
        parents = [pk for pk, node in level.items() if node.below]
        if not parents:
            break
        next_level = {}
        for p in _ordered(_level(user, Q(accountable_to__in=parents), cap=cap)):
            node = Node(p, d, below=p.below)
            level[p.accountable_to_id].children.append(node)
            next_level[p.pk] = node
        for pk in parents:
            parent = level[pk]
            parent.more = max(parent.below - len(parent.children), 0)
        level = next_level
    return top


def charted_partnerships(user):
    """The partnerships whose branch this user may open on the chart (with ``can_open``)."""
    return Partnership.objects.for_register(user).exclude(status=Partnership.Status.DISSOLVED)


def ancestors(partnership: Partnership, user, *, limit: int = 10) -> list[Partnership]:
    """The chain above a partnership on this user's chart, top first (a query a step; the
    chain is a few boards long, and a loop in the data stops at ``limit``)."""
    chain = []
    charted = _charted(user)
    current = partnership
    while current.accountable_to_id and len(chain) < limit:
        current = charted.filter(pk=current.accountable_to_id).first()
        if current is None or current in chain:
            break
        chain.append(current)
    return chain[::-1]
