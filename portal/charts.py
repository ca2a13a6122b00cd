"""Charts drawn on the server as SVG: no script, no library, nothing fetched.

Every chart is readable without colour: each bar carries its label and its value in words, and
the page gives the same figures as a table for screen readers (the SVG is one image to them,
named by its ``<title>`` and ``<desc>``).
"""

from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.safestring import SafeString, mark_safe

# The drawing's own units: the SVG scales to its container, so these set the proportions.
# Narrow enough that its text stays legible when a phone shrinks it to some 330 pixels.
WIDTH = 360
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
VALUE_HEIGHT = 20
ROW_GAP = 12
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + VALUE_HEIGHT + ROW_GAP
# Colours are given on the elements, so the chart draws right even without the style sheet; the
# track's outline and the bar's fill both pass 3:1 against white, and the text 4.5:1.
TEXT = 'font-size="14" fill="#0b0c0c"'
LABEL_CHARACTERS = 44  # a longer label is cut short (the table has it whole)


@dataclass(frozen=True)
class Bar:
    """One bar: ``value`` drawn as a share of ``scale`` (the whole track), with ``text``
    printed under it saying the value in words."""

    label: str
    value: Decimal | int | float
    scale: Decimal | int | float
    text: str


def _share(bar: Bar) -> float:
    if not bar.scale or bar.scale <= 0:
        return 0.0
    return min(max(float(bar.value) / float(bar.scale), 0.0), 1.0)


def _cut(label: str) -> str:
    """A label that fits, cut in the middle: its end (often a year) tells bars apart."""
    if len(label) <= LABEL_CHARACTERS:
        return label
    tail = 12
    return label[: LABEL_CHARACTERS - tail - 1].rstrip() + "…" + label[-tail:]


def bar_chart(*, bars: list[Bar], chart_id: str, title: str, description: str) -> SafeString:
    """A horizontal bar chart: for each bar its label, a track the length of its ``scale`` with
    the ``value`` filled in, and its ``text``. ``chart_id`` makes the ids of its title and
    description unique on the page."""
    height = max(len(bars), 1) * ROW_HEIGHT
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="portal-chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
    ]
    for index, bar in enumerate(bars):
        top = index * ROW_HEIGHT
        filled = round(_share(bar) * (WIDTH - 2), 1)
        bar_top = top + LABEL_HEIGHT
        parts += [
            '<g class="portal-chart-row">',
            f'<text class="portal-chart-label" x="0" y="{top + 14}" {TEXT}>'
            f"{escape(_cut(bar.label))}</text>",
            f'<rect class="portal-chart-track" x="1" y="{bar_top}" width="{WIDTH - 2}" '
            f'height="{BAR_HEIGHT}" rx="2" fill="#ffffff" stroke="#505a5f"/>',
            f'<rect class="portal-chart-bar" x="1" y="{bar_top}" width="{filled}" '
            f'height="{BAR_HEIGHT}" rx="2" fill="#1d70b8"/>',
            f'<text class="portal-chart-value" x="0" y="{bar_top + BAR_HEIGHT + 16}" {TEXT}>'
            f"{escape(bar.text)}</text>",
            "</g>",
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every value above is escaped)
