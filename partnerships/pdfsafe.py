"""Appendix PDFs made safe to publish: what could run, launch, phone home or carry a file is
taken out, and files that would swamp a pack (too many pages, or a small file that inflates to
gigabytes) are refused.

``check_upload`` runs on the upload form, so the stored file, which officers download, is the
safe one; ``neutralise`` runs again when a pack reads each appendix, for files stored before.
Actions are judged against an allow-list (go to a page, a standard page-turn, an http(s) or
mailto link): anything else a viewer could be told to do is dropped.
"""

import io
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader, PdfWriter, apply_configuration, get_configuration
from pypdf.errors import LimitReachedError
from pypdf.filters import decode_stream_data
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

ENCRYPTED_MESSAGE = (
    "This PDF is protected with a password. Open it, save a copy without the password "
    "(in Word or Acrobat: File → Save a copy / Print to PDF), and upload that."
)
RESAVE_HINT = "Save it as PDF again (File → Save as PDF or Print to PDF) and upload that."

SAFE_URI_SCHEMES = {"http", "https", "mailto"}
SAFE_NAMED_ACTIONS = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
# Annotations that play media or carry a file; a page loses them whole.
DROPPED_ANNOTATIONS = {
    "/FileAttachment": "file attachment",
    "/Sound": "sound annotation",
    "/Movie": "movie annotation",
    "/Screen": "media (screen) annotation",
    "/RichMedia": "rich media annotation",
    "/3D": "3D annotation",
}
# Name trees whose entries run or carry something.
DROPPED_NAME_TREES = {
    "/JavaScript": "document JavaScript",
    "/EmbeddedFiles": "embedded files",
    "/AlternatePresentations": "alternate presentations",
    "/Renditions": "media renditions",
}
ACTION_NAMES = {
    "/JavaScript": "JavaScript action",
    "/Launch": "launch action",
    "/SubmitForm": "form submit action",
    "/ResetForm": "form reset action",
    "/ImportData": "form import action",
    "/GoToR": "link to another file",
    "/GoToE": "link to an embedded file",
    "/Rendition": "media action",
}
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


class UnsafePdf(ValidationError):
    """An appendix the portal will not take; the message says why and what to do."""

    def __init__(self, message: str, *, code: str, cause: str = ""):
        super().__init__(message, code=code)
        self.cause = cause  # pypdf's own words, for a file that could not be read


@dataclass(frozen=True)
class SafePdf:
    data: bytes
    pages: int
    tagged: bool  # /MarkInfo /Marked true and a structure tree: a screen reader can follow it
    removed: list[str] = field(default_factory=list)  # what was taken out, for the record


def neutralise(
    data: bytes, *, max_pages: int | None = None, max_inflated_bytes: int | None = None
) -> SafePdf:
    """``data`` with its active content removed, re-saved unencrypted and compressed.

    Raises ``UnsafePdf`` for a file that has a password, has too many pages, inflates beyond
    the limit, or cannot be read."""
    max_pages = settings.PORTAL_APPENDIX_MAX_PAGES if max_pages is None else max_pages
    if max_inflated_bytes is None:
        max_inflated_bytes = settings.PORTAL_APPENDIX_MAX_INFLATED_BYTES
    removed: list[str] = []
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password only restricts editing; the file opens with an empty one.
            if not reader.decrypt(""):
                raise UnsafePdf(ENCRYPTED_MESSAGE, code="encrypted")
            removed.append("password protection (owner password)")
        pages = len(reader.pages)
        if pages > max_pages:
            raise UnsafePdf(
                f"This PDF has {pages} pages; the limit is {max_pages}. "
                "Split it into smaller appendices.",
                code="too_many_pages",
            )
        _check_inflated_size(reader, max_inflated_bytes)
        writer = PdfWriter(clone_from=reader)
        for page in writer.pages:
            page.compress_content_streams()
        _strip(writer, removed)
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
        tagged = _is_tagged(writer._root_object)
        out = io.BytesIO()
        writer.write(out)
    except UnsafePdf:
        raise
    except LimitReachedError as exc:
        raise _too_large(max_inflated_bytes) from exc
    except Exception as exc:  # pypdf raises many kinds for a broken file
        raise UnsafePdf(
            f"This file could not be read as a PDF. {RESAVE_HINT}",
            code="unreadable",
            cause=str(exc) or type(exc).__name__,
        ) from exc
    return SafePdf(data=out.getvalue(), pages=pages, tagged=tagged, removed=_unique(removed))


def check_upload(file) -> SafePdf:
    """The safe version of an uploaded file, or ``UnsafePdf`` (a ``ValidationError``)."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    return neutralise(data)


def _too_large(limit: int) -> UnsafePdf:
    return UnsafePdf(
        f"This PDF is too large once uncompressed (more than {limit / 1048576:.0f} MB), "
        f"which would swamp the agenda pack. {RESAVE_HINT}",
        code="too_large",
    )


def _check_inflated_size(reader: PdfReader, limit: int) -> None:
    """Decode the streams one at a time, each allowed only what is left of the limit, so a
    bomb stops at the limit instead of filling memory."""
    defaults = get_configuration()
    total = 0
    for number, generation in _object_ids(reader):
        try:
            obj = reader.get_object(IndirectObject(number, generation, reader))
        except LimitReachedError:
            raise
        except Exception:
            continue  # a broken entry: the clone below fails on it if it matters
        if not isinstance(obj, StreamObject):
            continue
        left = limit - total
        # pypdf's own per-stream limits stay in force (0 there means none).
        caps = {
            name: min(left + 1, getattr(defaults, name) or left + 1)
            for name in (
                "zlib_maximum_output_length",
                "lzw_maximum_output_length",
                "run_length_maximum_output_length",
                "jbig2_maximum_output_length",
                "brotli_maximum_output_length",
                "array_based_stream_maximum_output_length",
            )
        }
        try:
            with apply_configuration(**caps):
                size = len(decode_stream_data(obj))
        except LimitReachedError as exc:
            # Stopped by the budget, or by pypdf's limit for any one stream if that is lower.
            raise _too_large(min(limit, defaults.zlib_maximum_output_length or limit)) from exc
        except Exception:
            size = len(obj._data or b"")  # undecodable: count it as it is stored
        total += size
        if total > limit:
            raise _too_large(limit)


def _object_ids(reader: PdfReader):
    for generation, entries in reader.xref.items():
        for number in entries:
            yield number, generation


def _strip(writer: PdfWriter, removed: list[str]) -> None:
    root = writer._root_object
    _strip_document_actions(root, removed)
    _strip_annotations(writer, removed)
    _strip_reachable(writer, root, removed)


def _strip_document_actions(root: DictionaryObject, removed: list[str]) -> None:
    """The catalogue's own actions, attachments, portfolio, dropped name trees and XFA."""
    for key, what in [
        ("/OpenAction", "open action"),
        ("/AA", "document additional actions"),
        ("/AF", "associated files"),
        ("/Collection", "portfolio"),
    ]:
        if key in root:
            del root[key]
            removed.append(what)
    names = _resolve(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        for key, what in DROPPED_NAME_TREES.items():
            if key in names:
                del names[key]
                removed.append(what)
    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, DictionaryObject):
        for key, what in [("/XFA", "XFA form"), ("/NeedsRendering", "XFA form")]:
            if key in form:
                del form[key]
                removed.append(what)


def _strip_annotations(writer: PdfWriter, removed: list[str]) -> None:
    """Dropped annotation kinds, and links whose action is off the allow-list."""
    for page in writer.pages:
        annots = _resolve(page.get("/Annots"))
        if not isinstance(annots, ArrayObject):
            continue
        kept = ArrayObject()
        for ref in annots:
            annot = _resolve(ref)
            if not isinstance(annot, DictionaryObject):
                continue
            subtype = annot.get("/Subtype")
            if subtype in DROPPED_ANNOTATIONS:
                removed.append(DROPPED_ANNOTATIONS[subtype])
                continue
            action = _resolve(annot.get("/A"))
            if (
                subtype == "/Link"
                and isinstance(action, DictionaryObject)
                and not _allowed_action(action)
            ):
                removed.append(_describe(action))
                continue
            kept.append(ref)
        if len(kept) != len(annots):
            page[NameObject("/Annots")] = kept


def _strip_reachable(writer: PdfWriter, root: DictionaryObject, removed: list[str]) -> None:
    # Everything still reachable (pages, annotations, form fields, bookmarks): actions off
    # the allow-list, additional actions and embedded files go. The hostile parts are cut
    # before their children are visited; what they leave unreachable is not written.
    seen = {root.indirect_reference.idnum}
    if writer._info is not None:
        seen.add(writer._info.indirect_reference.idnum)
    stack: list = [root]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                continue
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            _clean_dict(obj, removed)
            stack.extend(obj.values())
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    # pypdf's own sweep drops only objects nothing refers to, not chains of them (an
    # attachment's file specification still refers to its file).
    for index in range(len(writer._objects)):
        if index + 1 not in seen:
            writer._objects[index] = None


def _clean_dict(d: DictionaryObject, removed: list[str]) -> None:
    if "/AA" in d:
        del d["/AA"]
        removed.append("additional actions")
    for key in ("/A", "/PA"):
        action = _resolve(d.get(key))
        if isinstance(action, DictionaryObject) and not _allowed_action(action):
            del d[key]
            removed.append(_describe(action))
    if "/S" in d and (d.get("/Type") == "/Action" or "/JS" in d):
        if _allowed_action(d):
            if "/Next" in d:  # a chain can hide anything behind an innocent first step
                del d["/Next"]
                removed.append("chained actions")
        else:
            removed.append(_describe(d))
            d.clear()
    for key in ("/EF", "/RF"):
        if key in d:
            del d[key]
            removed.append("embedded files")


def _allowed_action(action: DictionaryObject) -> bool:
    kind = action.get("/S")
    if kind == "/GoTo":
        return True
    if kind == "/Named":
        return action.get("/N") in SAFE_NAMED_ACTIONS
    if kind == "/URI":
        return _safe_uri(action.get("/URI"))
    return False


def _safe_uri(value) -> bool:
    if value is None:
        return False
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    # Viewers and browsers ignore blanks and control characters in a scheme ("java\tscript:").
    uri = _CONTROL.sub("", str(value))
    try:
        parts = urlsplit(uri)
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme not in SAFE_URI_SCHEMES:
        return False
    return scheme == "mailto" or bool(parts.netloc)


def _describe(action: DictionaryObject) -> str:
    kind = action.get("/S")
    if kind == "/URI":
        uri = action.get("/URI")
        scheme = urlsplit(_CONTROL.sub("", str(uri or ""))).scheme or "relative"
        return f"{scheme}: link"
    return ACTION_NAMES.get(kind, f"{str(kind or 'unknown').lstrip('/')} action")


def pdf_is_tagged(data: bytes) -> bool:
    """Whether a PDF is tagged (marked, with a structure tree); False for one that cannot
    be read."""
    try:
        return _is_tagged(PdfReader(io.BytesIO(data)).trailer["/Root"].get_object())
    except Exception:  # an unreadable file is not an accessible one
        return False


def _is_tagged(root: DictionaryObject) -> bool:
    mark_info = _resolve(root.get("/MarkInfo"))
    marked = isinstance(mark_info, DictionaryObject) and bool(_resolve(mark_info.get("/Marked")))
    return marked and "/StructTreeRoot" in root


def _resolve(obj):
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
