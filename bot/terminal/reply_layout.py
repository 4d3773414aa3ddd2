"""A reply's text read as blocks: title, labels, paragraphs and lists.

bot/answers.py writes replies as plain text with a few conventions, and the widget
(bot/web/static/widget-render.js) reads them by the same rules: a first line that reads as a title
(short, no closing . ! ?), a label above a list (a line ending in ":" or a short line opening its
block; here also such a line heading a later block, as the titles of a reply that joins several answers
do), paragraphs between blank lines, "- " and "1. " list items whose leading "Term: " is set in
bold, and **bold** spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BULLET = re.compile(r"^\s*[-\u2022*\u2013]\s+(.*)$")
NUMBERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")
LEAD_TERM = re.compile(r"^([^:]{1,60}):\s+(\S.*)$")
TITLE_MAX = 100
LABEL_MAX = 40


@dataclass(frozen=True)
class Title:
    text: str


@dataclass(frozen=True)
class Label:
    text: str


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ListItem:
    marker: str  # "•" or "3."
    term: str | None  # the item's leading "Term:", set apart so a list can be scanned
    text: str


@dataclass(frozen=True)
class ItemList:
    items: tuple[ListItem, ...]


Block = Title | Label | Paragraph | ItemList


def _is_item(line: str) -> bool:
    return bool(BULLET.match(line) or NUMBERED.match(line))


def _reads_as_heading(line: str, longest: int) -> bool:
    text = line.strip()
    return 0 < len(text) <= longest and not SENTENCE_END.search(text) and not _is_item(line)


def _item(line: str) -> ListItem:
    numbered, bullet = NUMBERED.match(line), BULLET.match(line)
    if numbered:
        marker, content = f"{numbered[1]}.", numbered[2]
    else:
        assert bullet is not None  # only list lines come here
        marker, content = "•", bullet[1]
    lead = LEAD_TERM.match(content)
    if lead and "**" not in lead[1]:
        return ListItem(marker, lead[1] + ":", lead[2])
    return ListItem(marker, None, content)


def reply_blocks(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[ListItem] = []
    seen_content = False

    def flush() -> None:
        if paragraph:
            blocks.append(Paragraph(tuple(paragraph)))
            paragraph.clear()
        if items:
            blocks.append(ItemList(tuple(items)))
            items.clear()

    for index, line in enumerate(lines):
        if not line.strip():
            flush()
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        block_start = index == 0 or not lines[index - 1].strip()
        if _is_item(line):
            if paragraph:
                flush()
            items.append(_item(line))
        elif (
            not seen_content and _reads_as_heading(line, TITLE_MAX) and any(rest.strip() for rest in lines[index + 1 :])
        ):
            flush()
            blocks.append(Title(line.strip()))
        elif _is_item(following) and (
            line.rstrip().endswith(":") or (block_start and _reads_as_heading(line, LABEL_MAX))
        ):
            flush()
            blocks.append(Label(line.strip()))
        elif block_start and _reads_as_heading(line, TITLE_MAX) and any(rest.strip() for rest in lines[index + 1 :]):
            # A later title in a reply that joins several answers ("Pay of data scientists" after
            # "Pay of machine learning engineers"), or a named thing heading its paragraph.
            flush()
            blocks.append(Label(line.strip()))
        else:
            if items:
                flush()
            paragraph.append(line.strip())
        seen_content = True
    flush()
    return blocks
