"""The differences between two versions of a handbook section, line by line and, within a
changed line, word by word (difflib)."""

import difflib
import html
import re
from dataclasses import dataclass

import nh3

from portal.html import sanitise

BLOCK_END = re.compile(r"</(p|li|h3|h4|tr|blockquote|ul|ol|table)>|<br\s*/?>", re.IGNORECASE)


def text_lines(content: str) -> list[str]:
    """The sanitised HTML as plain lines of text, one per paragraph, list item or row."""
    marked = BLOCK_END.sub("\n", sanitise(content))
    marked = re.sub(r"</t[dh]>", " | ", marked)
    plain = html.unescape(nh3.clean(marked, tags=set()))
    return [" ".join(line.split()).rstrip(" |") for line in plain.splitlines() if line.strip()]


@dataclass
class Line:
    kind: str  # "same", "removed", "added", "changed"
    old: list[tuple[str, str]]  # (op, text) segments: op is "same", "del" or "ins"
    new: list[tuple[str, str]]


def _words(old: str, new: str):
    a, b = old.split(), new.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(("same", " ".join(a[i1:i2])))
            right.append(("same", " ".join(b[j1:j2])))
        else:
            if i2 > i1:
                left.append(("del", " ".join(a[i1:i2])))
            if j2 > j1:
                right.append(("ins", " ".join(b[j1:j2])))
    return left, right


def compare(old_content: str, new_content: str) -> list[Line]:
    a, b = text_lines(old_content), text_lines(new_content)
    lines = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            lines += [Line("same", [("same", t)], [("same", t)]) for t in a[i1:i2]]
            continue
        old, new = a[i1:i2], b[j1:j2]
        if op == "replace":
            paired = min(len(old), len(new))
            for x, y in zip(old[:paired], new[:paired], strict=True):
                left, right = _words(x, y)
                lines.append(Line("changed", left, right))
            old, new = old[paired:], new[paired:]
        lines += [Line("removed", [("del", t)], []) for t in old]
        lines += [Line("added", [], [("ins", t)]) for t in new]
    return lines
