"""Officer-written rich text, made safe to show and to print: nh3 keeps structure and emphasis
(headings, lists, tables, links to web and mail addresses) and drops everything that runs or
fetches; nesting is bounded so the PDF renderer cannot be made to exhaust its stack."""

from html import escape
from html.parser import HTMLParser

import nh3
from django.conf import settings

# What officers' rich text may keep: structure and emphasis, nothing that runs or fetches.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "blockquote",
    "a",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}


# Elements nested deeper than this (PORTAL_HTML_MAX_DEPTH) are flattened to their text: the
# PDF renderer recurses once a level, and some 50 nested tables exhaust Python's stack.
VOID_TAGS = {"br"}
TABLE_PARTS = {"thead", "tbody", "tr", "th", "td"}
BLOCK_TAGS = {"p", "li", "tr", "td", "th", "h3", "h4", "blockquote", "table", "ul", "ol"}
SPAN_LIMITS = {"colspan": 1000, "rowspan": 65534}  # the HTML standard's own bounds


def _bounded_span(_tag: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: a colspan or rowspan is a whole number within the standard's
    bounds (a vast one makes the layout allocate a vast grid); other attributes pass."""
    limit = SPAN_LIMITS.get(attribute)
    if limit is None:
        return value
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return str(min(max(number, 1), limit))


class _DepthBound(HTMLParser):
    """Re-writes nh3's (well-formed) output with no element deeper than ``limit``: a deeper
    element loses its tags and keeps its text. A table is kept only if its cells fit, so that
    no table is left half-built; a dropped cell or list item leaves a space between words."""

    def __init__(self, limit: int):
        super().__init__(convert_charrefs=False)
        self.limit = limit
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, kept)
        self.depth = 0  # kept elements open now

    def handle_starttag(self, tag, attrs):
        parent_kept = not self.stack or self.stack[-1][1]
        room = 4 if tag == "table" else 1  # a table needs its section, row and cell too
        kept = self.depth + room <= self.limit and (parent_kept or tag not in TABLE_PARTS)
        if tag in VOID_TAGS:
            self.out.append(self.get_starttag_text() if kept else " ")
            return
        self.stack.append((tag, kept))
        if not kept and tag in BLOCK_TAGS:
            self.out.append(" ")
        if kept:
            self.depth += 1
            given = "".join(f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs)
            self.out.append(f"<{tag}{given}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self.stack and self.stack[-1][0] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        while self.stack:
            open_tag, kept = self.stack.pop()
            if kept:
                self.depth -= 1
                self.out.append(f"</{open_tag}>")
            elif open_tag in BLOCK_TAGS:
                self.out.append(" ")
            if open_tag == tag:
                break

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def close(self):
        super().close()
        while self.stack:
            tag, kept = self.stack.pop()
            if kept:
                self.out.append(f"</{tag}>")
        return "".join(self.out)


def bound_depth(html: str, limit: int | None = None) -> str:
    """``html`` with no element nested deeper than ``limit`` (PORTAL_HTML_MAX_DEPTH)."""
    limit = settings.PORTAL_HTML_MAX_DEPTH if limit is None else limit
    parser = _DepthBound(max(limit, 1))
    parser.feed(html)
    return parser.close()


def sanitise(html: str) -> str:
    """Officer-written HTML, cleaned with nh3: only ALLOWED_TAGS survive, links only to web
    and mail addresses, table spans within bounds, and nothing nested deeper than
    PORTAL_HTML_MAX_DEPTH (deeper elements keep their text, not their tags)."""
    if not html:
        return ""
    text = html.strip()
    if "<" not in text:  # plain text typed into the box: keep its paragraphs
        text = "".join(f"<p>{part.strip()}</p>" for part in text.split("\n\n") if part.strip())
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_bounded_span,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return bound_depth(cleaned)
