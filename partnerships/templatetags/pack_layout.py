"""The layout of agenda packs: the agenda's rows with its standing items, a report's numbered
sections, and money as the register prints it."""

from decimal import Decimal, InvalidOperation

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def money(value) -> str:
    """£8,000 for whole pounds, £8,000.50 with pence, as the register shows amounts."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{intcomma(int(amount))}"
    whole, pence = f"{amount:.2f}".split(".")
    return f"{sign}£{intcomma(int(whole))}.{pence}"


# Standing items, in the order councils list them: (words that find them among the agenda's
# own items, title, what the item is for).
OPENING_ITEMS = [
    (("apolog",), "Apologies for absence", "To receive any apologies for absence."),
    (
        ("declaration",),
        "Declarations of interest",
        "To give members the opportunity to declare any disclosable pecuniary or other "
        "interest in any item on the agenda.",
    ),
    (("minutes",), "Minutes of the previous meeting", None),
    (("matters arising",), "Matters arising", None),
]
NEXT_MEETING = ("next meeting",)


def _finds(words, title: str) -> bool:
    title = title.lower()
    return any(word in title for word in words)


def _minutes_note(previous) -> str:
    if previous is None:
        return "This is the board's first meeting recorded in the portal."
    return (
        "To approve as a correct record the minutes of the meeting held on "
        f"{previous.local_start:%-d %B %Y}."
    )


def _arising_note(actions) -> str:
    if not actions:
        return "No actions from earlier meetings are open."
    n = len(actions)
    return f"To note progress on the {n} open action{'s' if n != 1 else ''} listed below."


def _next_note(upcoming) -> str:
    if upcoming is None:
        return "To be confirmed."
    place = f", {upcoming.venue}" if upcoming.venue else ""
    return (
        f"{upcoming.local_start:%A %-d %B %Y at %-I.%M %p}".replace("AM", "am").replace("PM", "pm")
        + f"{place}."
    )


def _standing_note(title: str, notes: dict) -> str:
    """The standard wording of the standing items an agenda item's title names."""
    found = [
        standard or notes[name] for words, name, standard in OPENING_ITEMS if _finds(words, title)
    ]
    if _finds(NEXT_MEETING, title):
        found.append(notes["Date of next meeting"])
    return " ".join(found)


@register.simple_tag
def agenda_rows(sections, *, previous=None, upcoming=None, actions=(), supplement=None):
    """The agenda's rows: the meeting's own items (each with its section, which gives its
    pages) and, in a full pack, the standing items the officer did not put on the agenda
    themselves. Those come in their usual places (after the opening items the agenda does
    have; the date of the next meeting last), unnumbered, so that every item keeps the
    number its report carries."""
    notes = {
        "Minutes of the previous meeting": _minutes_note(previous),
        "Matters arising": _arising_note(actions),
        "Date of next meeting": _next_note(upcoming),
    }
    rows = []
    for section in sections:
        title = section.item.title
        note = "" if section.parts else _standing_note(title, notes)
        rows.append({"section": section, "item": section.item, "note": note})
    if supplement:
        return rows
    titles = [s.item.title for s in sections]
    missing = [
        {"title": name, "note": standard or notes[name], "standing": True}
        for words, name, standard in OPENING_ITEMS
        if not any(_finds(words, t) for t in titles)
    ]
    # after the leading run of items that are themselves standing items (apologies, say)
    lead = 0
    while lead < len(sections) and not sections[lead].parts and _standing_note(titles[lead], notes):
        lead += 1
    rows[lead:lead] = missing
    if not any(_finds(NEXT_MEETING, t) for t in titles):
        rows.append(
            {
                "title": "Date of next meeting",
                "note": notes["Date of next meeting"],
                "standing": True,
            }
        )
    return rows


@register.simple_tag
def report_outline(report) -> list[dict]:
    """A report's sections, numbered in order with the live sections among them: summary,
    recommendations, reasons, options, background, each live section, implications,
    background papers, contact."""
    from ..sections import SECTIONS

    outline = []

    def add(title, html="", **extra):
        outline.append({"number": len(outline) + 1, "title": title, "html": html, **extra})

    add("Report summary", report.summary)
    add("Recommendations", recommendations=report.recommendation_list)
    add("Reasons for recommendations", report.reasons)
    add("Other options considered", report.options)
    add("Background", report.background)
    for choice in report.live_sections or []:
        key, _, value = choice.partition(":")
        section = SECTIONS.get(key)
        if section is None or (section.options is not None) != bool(value):
            continue  # an app removed since, or a choice that no longer fits
        body = section.render(report, value) if value else section.render(report)
        add(section.title, mark_safe(body), live=True)
    said = [(label, text) for label, text in report.implications if text]
    add(
        "Implications",
        implications=said,
        none=[label for label, text in report.implications if not text],
    )
    add("Background papers", report.background_papers)
    add("Contact", contact=True)
    return outline
