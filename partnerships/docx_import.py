"""Start a report's body from a Word file: mammoth turns the .docx into HTML and the text under
each recognised heading ("Report summary", "Recommendations", "Legal implications" …) becomes
that section. Headings may be Word headings or numbered paragraphs, as in the council's
report template ("1. Report Summary", "7.2 Legal Implications")."""

import re
import zipfile
from html.parser import HTMLParser

import mammoth

# (field, words a heading starts with, after any section number)
SECTIONS = [
    ("summary", ("report summary", "summary", "introduction", "purpose of the report")),
    ("recommendations", ("recommendations", "recommendation")),
    ("reasons", ("reasons for recommendation", "reasons")),
    ("options", ("other options", "options considered", "alternative options")),
    ("background", ("background", "progress to date")),
    ("legal", ("legal implications", "legal")),
    ("financial", ("financial implications", "financial")),
    ("human_resources", ("human resources implications", "human resource", "hr implications")),
    ("equality", ("equality implications", "equality")),
    ("rural", ("rural community implications", "rural")),
    ("public_health", ("public health implications", "public health")),
    ("risk", ("risk management", "risk implications", "risk")),
    ("background_papers", ("background papers",)),
]
NUMBER = re.compile(r"^\s*(\d+(\.\d+)*\.?)\s*")
MAX_HEADING_WORDS = 8
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a zip bomb is refused before it is read


class DocxImportError(ValueError):
    pass


class _TopLevel(HTMLParser):
    """Splits mammoth's flat HTML into its top-level elements: (tag, html, text)."""

    VOID = {"br", "img", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, str, str]] = []
        self.depth = 0
        self.tag = ""
        self.html: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, _attrs):
        raw = self.get_starttag_text()
        if self.depth == 0:
            self.tag, self.html, self.text = tag, [], []
        self.html.append(raw)
        if tag not in self.VOID:
            self.depth += 1
        elif self.depth == 0:
            self.elements.append((tag, raw, ""))

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        self.html.append(f"</{tag}>")
        self.depth -= 1
        if self.depth == 0:
            self.elements.append((self.tag, "".join(self.html), "".join(self.text).strip()))

    def handle_data(self, data):
        if self.depth:
            self.html.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
            self.text.append(data)


def _elements(html: str) -> list[tuple[str, str, str]]:
    parser = _TopLevel()
    parser.feed(html)
    parser.close()
    return parser.elements


def _list_lines(html: str) -> list[str]:
    lines = re.findall(r"<li>(.*?)</li>", html, flags=re.S) or re.findall(
        r"<p>(.*?)</p>", html, flags=re.S
    )
    return [re.sub(r"<[^>]+>", "", line).strip() for line in lines]


def _section_for(text: str) -> str | None:
    words = NUMBER.sub("", text).strip().lower().rstrip(":")
    if not words or len(words.split()) > MAX_HEADING_WORDS:
        return None
    for field, starts in SECTIONS:
        if any(words.startswith(start) for start in starts):
            return field
    return None


def docx_sections(upload) -> dict[str, str]:
    """The report fields found in a .docx file, as HTML (sanitised when the report is saved)."""
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise DocxImportError("The Word file is too large to read.")
        upload.seek(0)
        result = mammoth.convert_to_html(upload)
    except DocxImportError:
        raise
    except Exception as exc:  # a damaged or foreign file: zip, XML or missing-part errors
        raise DocxImportError("This is not a Word (.docx) file, or it is damaged.") from exc
    if not result.value.strip():
        raise DocxImportError("The Word file has no text.")
    found: dict[str, list[str]] = {}
    current = None
    for tag, html, text in _elements(result.value):
        field = _section_for(text) if tag in {"p", "h1", "h2", "h3", "h4"} else None
        if field:
            current = field
            found.setdefault(field, [])
            continue
        if current and text:
            found[current].append(html)
    sections = {field: "".join(parts) for field, parts in found.items() if parts}
    if "recommendations" in sections:
        lines = _list_lines(sections["recommendations"])
        sections["recommendations"] = "\n".join(NUMBER.sub("", line) for line in lines if line)
    if not sections:
        raise DocxImportError(
            "No report sections were recognised. Use headings such as “Report summary”, "
            "“Recommendations” and “Background”."
        )
    return sections
