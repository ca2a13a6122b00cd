"""Agenda packs assembled from their parts with pikepdf (qpdf): pages copied, each part's
structure tree grafted under one /Document, the running header and "Page x of y" drawn on every
page as a pagination artefact, bookmarks and the PDF/UA metadata set.

The header and footer are drawn here rather than rendered by WeasyPrint: a 200-page overlay
document cost WeasyPrint about a second, and drawn text can be placed in each page's own size
and orientation (Letter, landscape, /Rotate 90) at its true size, where a stamped A4 page had
to be stretched. The text is set in an embedded subset of DejaVu Sans, the packs' own face.
"""

import functools
import hashlib
import io
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

# Where the header and footer sit, as WeasyPrint laid them out in the pack's 2.4cm × 2cm
# margins: baselines 36.96pt from the top and 31.1pt from the bottom, 2cm in from each side.
SIDE = 56.693
HEADER_BASELINE = 36.96
FOOTER_BASELINE = 31.1
FONT_SIZE = 8.5
TEXT_GREY = (0.2, 0.2, 0.2)
RESTRICTED_RED = (0.643, 0.086, 0.102)  # #a4161a, as on the pages
GAP = 12.0  # between the board's name and the date, when a narrow page brings them close

FONT_FILES = {
    False: ("DejaVu Sans", "DejaVuSans.ttf"),
    True: ("DejaVu Sans:bold", "DejaVuSans-Bold.ttf"),
}
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")


@dataclass
class Part:
    """One PDF going into the pack."""

    pdf: bytes
    title: str  # its structure element's title (the bookmark's words)
    section: str = ""  # parts with the same section title share one /Sect element
    untagged_alt: str = ""  # for a file with no tags: what each page's figure says it is


@dataclass
class Bookmark:
    title: str
    page: int  # 0-based, in the pack
    children: list["Bookmark"] = field(default_factory=list)


@dataclass
class Header:
    left: str  # the board
    right: str  # the meeting's date
    restricted: bool = False


def is_tagged(pdf: pikepdf.Pdf) -> bool:
    """A tagged PDF: it says so (/MarkInfo /Marked true) and has a structure tree."""
    mark_info = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark_info, Dictionary) and bool(mark_info.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary)


@functools.lru_cache(maxsize=256)  # a build counts each part more than once
def page_count(data: bytes) -> int:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def heading_page(data: bytes, title: str, *, default: int) -> int:
    """The 0-based page of a bookmark WeasyPrint made for one of the document's headings."""
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        for item in outline.root:
            if item.title == title:
                dest = item.destination
                if dest is None and item.action is not None:
                    dest = item.action.get("/D")
                if isinstance(dest, Array) and len(dest):
                    return pages.get(dest[0].objgen, default)
    return default


def assemble(
    parts: list[Part],
    *,
    bookmarks: list[Bookmark],
    title: str,
    author: str,
    subject: str,
    header: Header,
    lang: str = "en-GB",
    page_link: str = "",
    link_pages: int = 0,
) -> bytes:
    """The parts as one tagged PDF. A link on the first ``link_pages`` pages to
    ``page_link`` + n (the front matter's links to pages it cannot know as its own) becomes a
    link to page n of the pack."""
    pack = pikepdf.new()
    tree = _StructTree(pack)
    sources = []  # kept open until the pack is written: qpdf copies their streams lazily
    try:
        section_elem, section_title = None, None
        for part in parts:
            src = pikepdf.open(io.BytesIO(part.pdf))
            sources.append(src)
            if part.section and part.section == section_title:
                parent = section_elem
            elif part.section:
                section_elem = tree.element("/Sect", tree.document, title=part.section)
                section_title, parent = part.section, section_elem
            else:
                section_elem, section_title, parent = None, None, tree.document
            first = len(pack.pages)
            pack.pages.extend(src.pages)
            pages = [pack.pages[n] for n in range(first, len(pack.pages))]
            if is_tagged(src):
                tree.graft(src, pages, parent=parent, title=part.title)
            else:
                tree.figure_pages(pages, parent=parent, title=part.title, alt=part.untagged_alt)
        total = len(pack.pages)
        _stamp(pack, header, total)
        _describe_links(pack, page_link, link_pages)
        tree.finish()

        pack.Root.MarkInfo = Dictionary(Marked=True)
        pack.Root.Lang = String(lang)
        pack.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
        pack.Root.PageMode = Name.UseOutlines
        with pack.open_outline() as outline:
            outline.root.extend(_outline_item(b) for b in bookmarks)
        pack.docinfo["/Title"] = String(title)
        pack.docinfo["/Author"] = String(author)
        pack.docinfo["/Subject"] = String(subject)
        with pack.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:creator"] = [author]
            meta["dc:description"] = subject
            meta["dc:language"] = [lang]
            meta["pdfuaid:part"] = "1"
            meta["pdf:Producer"] = "Partnership portal (WeasyPrint, qpdf)"
        out = io.BytesIO()
        pack.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    finally:
        for src in sources:
            src.close()
        pack.close()
    return out.getvalue()


def _outline_item(bookmark: Bookmark) -> OutlineItem:
    item = OutlineItem(bookmark.title, bookmark.page)
    item.children.extend(_outline_item(c) for c in bookmark.children)
    return item


class _StructTree:
    """One structure tree for the pack, built from the parts' trees."""

    def __init__(self, pack: pikepdf.Pdf):
        self.pack = pack
        self.root = pack.make_indirect(Dictionary(Type=Name.StructTreeRoot, K=Array()))
        self.document = self.element("/Document", self.root)
        self.nums: list = []  # the parent tree, flat: key, value, key, value…
        self.next_key = 0
        self.role_map = Dictionary()
        self.class_map = Dictionary()
        self.ids: list = []  # the ID tree, flat: name, element…
        self.parts = 0

    def element(self, role: str, parent, *, title: str = "", **extra) -> Dictionary:
        elem = self.pack.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name(role), P=parent, K=Array(), **extra)
        )
        if title:
            elem.T = String(title)
        parent.K.append(elem)
        return elem

    def graft(self, src: pikepdf.Pdf, pages, *, parent, title: str) -> None:
        """The part's own tags, under one /Part element: its structure parents are renumbered
        past the pack's so far (qpdf copies each source's objects once, so the copied tree
        points at the copied pages)."""
        tree = self.pack.copy_foreign(src.Root.StructTreeRoot)
        offset = self.next_key
        highest = offset - 1
        for key, value in _number_tree(tree.get("/ParentTree")):
            self.nums.extend([key + offset, value])
            highest = max(highest, key + offset)
        next_key = tree.get("/ParentTreeNextKey")
        self.next_key = max(highest + 1, int(next_key) + offset if next_key is not None else 0)
        self._renumber_pages(pages, offset)
        for key, value in tree.get("/RoleMap", Dictionary()).items():
            if key not in self.role_map:
                self.role_map[key] = value
        for key, value in tree.get("/ClassMap", Dictionary()).items():
            if key not in self.class_map:
                self.class_map[key] = value

        self._tables(tree, prefix=f"p{self.parts}-")
        self.parts += 1
        self._adopt(tree, self.element("/Part", parent, title=title))

    @staticmethod
    def _renumber_pages(pages, offset: int) -> None:
        """Move the pages' (and their annotations' and form XObjects') structure parents past
        ``offset``, each object once however many pages share it."""
        seen = set()
        for page in pages:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + offset
            for annot in page.obj.get("/Annots", ()):
                if not isinstance(annot, Dictionary) or "/StructParent" not in annot:
                    continue
                if annot.objgen == (0, 0) or annot.objgen not in seen:
                    seen.add(annot.objgen)
                    annot.StructParent = int(annot.StructParent) + offset
            xobjects = page.obj.get("/Resources", Dictionary()).get("/XObject", Dictionary())
            for _, xobject in xobjects.items():
                if "/StructParents" in xobject and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    xobject.StructParents = int(xobject.StructParents) + offset

    @staticmethod
    def _adopt(tree, part) -> None:
        """The copied tree's top elements move under ``part``; a /Document inside gives up its
        contents (one document in another), or becomes a /Div if it holds more than elements."""
        for kid in _as_list(tree.get("/K")):
            if not isinstance(kid, Dictionary):
                continue
            grandkids = _as_list(kid.get("/K"))
            if kid.get("/S") == Name.Document and all(
                isinstance(g, Dictionary) and g.get("/Type", Name.StructElem) == Name.StructElem
                for g in grandkids
            ):
                for grandkid in grandkids:
                    grandkid.P = part
                    part.K.append(grandkid)
            else:
                if kid.get("/S") == Name.Document:
                    kid.S = Name.Div
                kid.P = part
                part.K.append(kid)

    def figure_pages(self, pages, *, parent, title: str, alt: str) -> None:
        """A file with no tags: each page becomes one figure whose alternative text says what
        it is, so a screen reader announces the appendix instead of reading nothing, and its
        links become tagged links."""
        part = self.element("/Part", parent, title=title)
        count = len(pages)
        begin = self.pack.make_stream(b"/Figure <</MCID 0>> BDC q\n")
        end = self.pack.make_stream(b"\nQ EMC\n")
        for number, page in enumerate(pages, start=1):
            contents = _contents(page)
            page.obj.Contents = Array([begin, *contents, end])
            words = alt or title
            figure = self.element(
                "/Figure", part, Pg=page.obj, Alt=String(f"{words} (page {number} of {count})")
            )
            figure.K = 0
            page.obj.StructParents = self.next_key
            self.nums.extend([self.next_key, Array([figure])])
            self.next_key += 1
            for annot in page.obj.get("/Annots", ()):
                if not isinstance(annot, Dictionary) or annot.get("/Subtype") != Name.Link:
                    continue
                link = self.element("/Link", part, Pg=page.obj)
                link.K = Array([Dictionary(Type=Name.OBJR, Obj=annot, Pg=page.obj)])
                annot.StructParent = self.next_key
                self.nums.extend([self.next_key, link])
                self.next_key += 1

    def _tables(self, tree, *, prefix: str) -> None:
        """Element IDs made unique in the pack (each part numbered its own from one), and
        each table header cell given the /Scope its header references imply: WeasyPrint
        ties data cells to their headers with /Headers and /IDs, and a header cell that a
        data cell of its own row names is a row header."""
        stack = [tree]
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            kids = kids if isinstance(kids, Array) else [kids] if kids is not None else []
            for kid in kids:
                if isinstance(kid, Dictionary) and str(kid.get("/S", "/P")) not in _INLINE:
                    stack.append(kid)
            if "/ID" in node:
                node.ID = String(prefix + str(node.ID))
                self.ids.extend([node.ID, node])
            if node.get("/S") != Name.TR:
                continue
            cells = [k for k in kids if isinstance(k, Dictionary) and k.get("/S") in _CELLS]
            named = set()
            for cell in cells:
                attributes = cell.get("/A")
                if isinstance(attributes, Dictionary) and "/Headers" in attributes:
                    headers = [String(prefix + str(h)) for h in attributes.Headers]
                    attributes.Headers = Array(headers)
                    named.update(str(h) for h in headers)
            for cell in cells:
                attributes = cell.get("/A")
                if cell.get("/S") != Name.TH or not isinstance(attributes, Dictionary):
                    continue
                if "/Scope" not in attributes:
                    row = prefix + str(cell.get("/ID", "")) in named
                    attributes.Scope = Name.Row if row else Name.Column

    def finish(self) -> None:
        if self.ids:
            pairs = sorted(zip(self.ids[::2], self.ids[1::2], strict=True), key=lambda p: str(p[0]))
            names = Array([item for pair in pairs for item in pair])
            self.root.IDTree = self.pack.make_indirect(Dictionary(Names=names))
        self.root.ParentTree = self.pack.make_indirect(Dictionary(Nums=Array(self.nums)))
        self.root.ParentTreeNextKey = self.next_key
        if self.role_map:
            self.root.RoleMap = self.role_map
        if self.class_map:
            self.root.ClassMap = self.class_map
        self.pack.Root.StructTreeRoot = self.root


_CELLS = (Name.TH, Name.TD)
# Elements that hold text, not tables: the walk for table cells need not go into them.
_INLINE = frozenset(
    ["/P", "/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Span", "/Link", "/Lbl", "/Figure"]
    + ["/Quote", "/Code", "/Note", "/Reference"]
)


def _as_list(value) -> list:
    """A PDF /K entry as a list: an array's items, one object alone, or nothing."""
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def _number_tree(node):
    """(key, value) pairs of a number tree, in order."""
    if not isinstance(node, Dictionary):
        return
    nums = node.get("/Nums")
    if isinstance(nums, Array):
        for n in range(0, len(nums) - 1, 2):
            yield int(nums[n]), nums[n + 1]
    for kid in node.get("/Kids", ()):
        yield from _number_tree(kid)


def _contents(page) -> list:
    contents = page.obj.get("/Contents")
    if contents is None:
        return []
    if isinstance(contents, Array):
        return list(contents)
    return [contents]


def _describe_links(pack: pikepdf.Pdf, page_link: str, link_pages: int) -> None:
    """Every link says where it goes (/Contents, which a screen reader reads out); a link the
    front matter made to a page of the pack goes there; pages with annotations are tabbed in
    structure order."""
    pages = {page.obj.objgen: n for n, page in enumerate(pack.pages)}
    for number, page in enumerate(pack.pages):
        annots = page.obj.get("/Annots")
        if not annots:
            continue
        page.obj.Tabs = Name.S
        for annot in annots:
            if not isinstance(annot, Dictionary) or annot.get("/Subtype") != Name.Link:
                continue
            action = annot.get("/A")
            uri = str(action.get("/URI", "")) if isinstance(action, Dictionary) else ""
            linked = page_link and number < link_pages and uri.startswith(page_link)
            target = uri.removeprefix(page_link) if linked else ""
            if target.isdigit() and 1 <= int(target) <= len(pack.pages):
                goto = pack.pages[int(target) - 1].obj
                annot.A = Dictionary(S=Name.GoTo, D=Array([goto, Name.Fit]))
                if not str(annot.get("/Contents", "")).strip():
                    annot.Contents = String(f"Go to page {target}")
                continue
            if str(annot.get("/Contents", "")).strip():
                continue
            if uri:
                annot.Contents = String(f"Link to {uri}")
                continue
            dest = annot.get("/Dest")
            if dest is None and isinstance(action, Dictionary):
                dest = action.get("/D")
            if isinstance(dest, Array) and len(dest) and dest[0].objgen in pages:
                annot.Contents = String(f"Go to page {pages[dest[0].objgen] + 1}")
            else:
                annot.Contents = String("Link")


# --- the running header and footer ----------------------------------------------------------


def _stamp(pack: pikepdf.Pdf, header: Header, total: int) -> None:
    """Draw the header and "Page x of y" on each page, once, upright in the page's own box.

    Each page gets its own /Contents array (its own streams wrapped in q … Q, then the new
    stream) and its own /Resources dictionary, so pages that share a content stream or a
    resources dictionary are each drawn on exactly once."""
    regular, bold = _font(False), _font(True)
    right = header.right + (" · " if header.restricted else "")
    restricted = "RESTRICTED" if header.restricted else ""
    footers = [f"Page {n} of {total}" for n in range(1, total + 1)]
    text = header.left + right + "…" + "".join(footers[-1:]) + "Page of 0123456789"
    fonts = {"/PortalPackR": _embed(pack, regular, text)}
    if restricted:
        fonts["/PortalPackB"] = _embed(pack, bold, restricted)
    opening = pack.make_stream(b"q\n")
    right_width = regular.width(right) + (bold.width(restricted) if restricted else 0)
    for number, page in enumerate(pack.pages, start=1):
        box = [float(v) for v in page.cropbox]
        x0, x1 = sorted((box[0], box[2]))
        y0, y1 = sorted((box[1], box[3]))
        rotate = int(page.obj.get("/Rotate", 0)) % 360
        w, h = (x1 - x0, y1 - y0) if rotate in (0, 180) else (y1 - y0, x1 - x0)
        matrix = {
            0: (1, 0, 0, 1, x0, y0),
            90: (0, 1, -1, 0, x1, y0),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, -1, 1, 0, x0, y1),
        }.get(rotate, (1, 0, 0, 1, x0, y0))
        left = regular.fit(header.left, w - 2 * SIDE - right_width - GAP)
        ops = [f"\nQ q {' '.join(_num(v) for v in matrix)} cm"]
        ops.append("/Artifact <</Type /Pagination /Subtype /Header>> BDC")
        ops.append(_text(regular, "PortalPackR", left, SIDE, h - HEADER_BASELINE, TEXT_GREY))
        x = w - SIDE - right_width
        ops.append(_text(regular, "PortalPackR", right, x, h - HEADER_BASELINE, TEXT_GREY))
        if restricted:
            x += regular.width(right)
            ops.append(
                _text(bold, "PortalPackB", restricted, x, h - HEADER_BASELINE, RESTRICTED_RED)
            )
        ops.append("EMC")
        footer = footers[number - 1]
        ops.append("/Artifact <</Type /Pagination /Subtype /Footer>> BDC")
        x = (w - regular.width(footer)) / 2
        ops.append(_text(regular, "PortalPackR", footer, x, FOOTER_BASELINE, TEXT_GREY))
        ops.append("EMC Q\n")
        stamp = pack.make_stream(" ".join(ops).encode())
        page.obj.Contents = Array([opening, *_contents(page), stamp])
        resources = page.obj.get("/Resources")
        own = Dictionary(dict(resources.items()) if resources is not None else {})
        page_fonts = own.get("/Font")
        own.Font = Dictionary({**(dict(page_fonts.items()) if page_fonts else {}), **fonts})
        page.obj.Resources = own


def _num(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _text(font: "_Font", name: str, text: str, x: float, y: float, colour) -> str:
    return (
        f"{' '.join(_num(c) for c in colour)} rg BT /{name} {_num(FONT_SIZE)} Tf "
        f"1 0 0 1 {_num(x)} {_num(y)} Tm <{font.encode(text)}> Tj ET"
    )


class _Font:
    """A TrueType face's metrics, for drawing text with its glyph ids (Identity-H)."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        self.path = path
        font = TTFont(path, lazy=True)
        self.name = font["name"].getDebugName(6) or path.stem
        self.units = font["head"].unitsPerEm
        self.cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        self.gids = {char: font.getGlyphID(glyph) for char, glyph in self.cmap.items()}
        self.advance = {font.getGlyphID(g): hmtx[g][0] for g in font.getGlyphOrder()}
        head, os2, post = font["head"], font["OS/2"], font["post"]
        self.bbox = [head.xMin, head.yMin, head.xMax, head.yMax]
        self.ascent, self.descent = os2.sTypoAscender, os2.sTypoDescender
        self.cap_height = getattr(os2, "sCapHeight", self.ascent)
        self.italic_angle = post.italicAngle
        font.close()

    def gid(self, char: str) -> int:
        return self.gids.get(ord(char), 0)

    def width(self, text: str) -> float:
        return sum(self.advance.get(self.gid(c), 0) for c in text) * FONT_SIZE / self.units

    def encode(self, text: str) -> str:
        return "".join(f"{self.gid(c):04x}" for c in text)

    def fit(self, text: str, width: float) -> str:
        """``text``, cut short with an ellipsis where it would run past ``width``."""
        if self.width(text) <= width:
            return text
        while text and self.width(text + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"


@functools.cache
def _font(bold: bool) -> _Font:
    pattern, filename = FONT_FILES[bold]
    candidates = [Path(d) / filename for d in FONT_DIRS]
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found.endswith((".ttf", ".TTF")):
            candidates.insert(0, Path(found))
    for path in candidates:
        if path.is_file():
            return _Font(path)
    raise FileNotFoundError(f"The packs' header font ({pattern}) is not installed")


@functools.lru_cache(maxsize=32)
def _subset(path: Path, chars: str) -> bytes:
    """The face cut down to ``chars``, keeping glyph ids (so CID = GID)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.retain_gids = True
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "MATH", "kern", "FFTM"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    font = TTFont(path)
    log = logging.getLogger("fontTools")
    level = log.level
    log.setLevel(logging.WARNING)  # it tells of every table at INFO
    try:
        subsetter.subset(font)
    finally:
        log.setLevel(level)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _embed(pack: pikepdf.Pdf, font: _Font, text: str) -> Dictionary:
    chars = "".join(sorted(set(text) | {" "}))
    tag = "".join(
        chr(ord("A") + b % 26) for b in hashlib.sha256((font.name + chars).encode()).digest()[:6]
    )
    base = Name(f"/{tag}+{re.sub(r'[^A-Za-z0-9-]', '', font.name)}")
    data = _subset(font.path, chars)
    file = pack.make_stream(data)
    file.Length1 = len(data)
    scale = 1000 / font.units
    gids = sorted({font.gid(c) for c in chars})
    widths = Array()
    for gid in gids:
        widths.extend([gid, Array([round(font.advance.get(gid, 0) * scale)])])
    cmap = _to_unicode({font.gid(c): c for c in chars if font.gid(c)})
    descriptor = pack.make_indirect(
        Dictionary(
            Type=Name.FontDescriptor,
            FontName=base,
            Flags=4,
            FontBBox=Array([round(v * scale) for v in font.bbox]),
            ItalicAngle=float(font.italic_angle),
            Ascent=round(font.ascent * scale),
            Descent=round(font.descent * scale),
            CapHeight=round(font.cap_height * scale),
            StemV=80,
            FontFile2=file,
        )
    )
    cid_font = pack.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.CIDFontType2,
            BaseFont=base,
            CIDSystemInfo=Dictionary(
                Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0
            ),
            FontDescriptor=descriptor,
            W=widths,
            DW=1000,
            CIDToGIDMap=Name.Identity,
        )
    )
    return pack.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.Type0,
            BaseFont=base,
            Encoding=Name("/Identity-H"),
            DescendantFonts=Array([cid_font]),
            ToUnicode=pack.make_stream(cmap),
        )
    )


def _to_unicode(glyphs: dict[int, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted(glyphs.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{gid:04x}> <{char.encode('utf-16-be').hex()}>" for gid, char in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode()
