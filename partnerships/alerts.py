"""Telling people about a board's meetings: its members, and the public who follow it by
e-mail (partnerships.models.Subscription)."""

EVENTS = ("pack", "supplement", "minutes", "cancelled", "moved")


def board_news(meeting, *, event: str, detail: str = "") -> None:
    """Tell the board's current members and its confirmed subscribers about ``event`` on
    ``meeting``: one of EVENTS. Queued on commit, one message per address."""
    # Written by the alerts work (issue 14 part 3).
    return None
