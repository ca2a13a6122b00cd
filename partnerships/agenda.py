"""The agenda as the public sees it: every item in number order, an exempt item only by its
number, neutral title and Schedule 12A paragraph, and before the first exempt item the
resolution excluding the press and public that the law requires the board to pass."""

from dataclasses import dataclass

EXCLUSION_TITLE = "Exclusion of the press and public"


def exclusion_resolution(paragraphs) -> str:
    numbers = sorted(set(paragraphs))
    if len(numbers) > 1:
        listed = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    else:
        listed = str(numbers[0])
    return (
        "That under Section 100A(4) of the Local Government Act 1972 the public be excluded "
        "from the meeting for the following item(s) of business on the grounds that they "
        "involve the likely disclosure of exempt information as defined in paragraph(s) "
        f"{listed} of Part 1 of Schedule 12A to the Act."
    )


@dataclass
class AgendaRow:
    item: object = None
    exclusion: bool = False
    resolution: str = ""

    @property
    def exempt(self) -> bool:
        return bool(self.item is not None and self.item.exempt)

    @property
    def title(self) -> str:
        return EXCLUSION_TITLE if self.exclusion else self.item.shown_title

    @property
    def exemption(self) -> str:
        if not self.exempt:
            return ""
        return f"Exempt information: Schedule 12A paragraph {self.item.exempt_paragraph}"


def public_agenda(meeting, items=None) -> list[AgendaRow]:
    """Rows for the public agenda of ``meeting`` (``items``: the meeting's items, already
    loaded, to save a query)."""
    items = sorted(meeting.items.all() if items is None else items, key=lambda i: i.number)
    paragraphs = [i.exempt_paragraph for i in items if i.exempt and i.exempt_paragraph]
    rows, excluded = [], False
    for item in items:
        if item.exempt and not excluded:
            rows.append(AgendaRow(exclusion=True, resolution=exclusion_resolution(paragraphs)))
            excluded = True
        rows.append(AgendaRow(item=item))
    return rows
