"""Replies drawn for a terminal with rich: title in bold, labelled sections, bullets, the verdict first,
sources as a short numbered list of links.

rich leaves out every colour and escape code when standard output is not a terminal (a pipe, a file)
and every colour when NO_COLOR is set, and wraps to the terminal's width.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from bot.terminal import wording
from bot.terminal.reply_layout import LEAD_TERM, Block, ItemList, Label, ListItem, Paragraph, Title, reply_blocks
from bot.terminal.web_client import BotMessage, SourceLink, Suggestion

# Under an answer, this many sources; /sources lists them all.
SOURCES_UNDER_AN_ANSWER = 3
INLINE = re.compile(r"\*\*(?=\S)(.*?\S)\*\*|(https?://[^\s<>\"'`]+)", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?'\"*_"
AFFIRMATIVE_VERDICTS = ("Yes", "Usually, yes")
PARAGRAPH_TERM_MAX = 30


def _linked(url: str) -> str:
    return f"link {url}"


def inline_text(text: str, style: str = "") -> Text:
    """A line with its **bold** spans and bare links (trailing punctuation stays outside the link)."""
    result = Text(style=style)
    position = 0
    for match in INLINE.finditer(text):
        result.append(text[position : match.start()])
        if match[1] is not None:
            result.append_text(inline_text(match[1], "bold"))
        else:
            url = match[2].rstrip(TRAILING_PUNCTUATION)
            result.append(url, style=_linked(url))
            result.append(match[2][len(url) :])
        position = match.end()
    result.append(text[position:])
    return result


def _item_text(item: ListItem) -> Text:
    text = Text()
    if item.term:
        text.append_text(inline_text(item.term, "bold"))
        text.append(" ")
    text.append_text(inline_text(item.text))
    return text


class Hanging:
    """A marker ("•", "3.", a number to type) with its text wrapped beside it, continuation lines
    indented under the text; no line is padded with spaces to the terminal's width."""

    def __init__(self, marker: Text, body: Text, marker_width: int = 0) -> None:
        self.marker, self.body = marker, body
        self.marker_width = max(marker_width, marker.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.marker_width + 1
        lines = self.body.wrap(console, max(options.max_width - indent, 8), overflow="fold")
        result = Text()
        for index, line in enumerate(lines):
            if index:
                result.append("\n" + " " * indent)
            else:
                result.append(" " * (self.marker_width - self.marker.cell_len))
                result.append_text(self.marker)
                result.append(" ")
            line.rstrip()
            result.append_text(line)
        yield result


def _hanging_list(markers: Sequence[Text], bodies: Sequence[Text]) -> Group:
    width = max((marker.cell_len for marker in markers), default=0)
    return Group(*(Hanging(marker, body, width) for marker, body in zip(markers, bodies, strict=True)))


def _item_list(block: ItemList) -> Group:
    return _hanging_list([Text(item.marker, style="dim") for item in block.items], [_item_text(i) for i in block.items])


def _verdict_line(verdict: str, line: str) -> Text:
    """The verdict in colour, then the rest of the line that opens with it."""
    style = "bold green" if verdict in AFFIRMATIVE_VERDICTS else "bold yellow"
    text = Text()
    text.append(verdict, style=style)
    text.append_text(inline_text(line[len(verdict) :]))
    return text


def _block(block: Block, verdict: str | None) -> RenderableType:
    if isinstance(block, Title):
        return inline_text(block.text, "bold underline")
    if isinstance(block, Label):
        return inline_text(block.text, "bold")
    if isinstance(block, ItemList):
        return _item_list(block)
    lines = [inline_text(line) for line in block.lines]
    lead = LEAD_TERM.match(block.lines[0])
    if verdict:
        lines[0] = _verdict_line(verdict, block.lines[0])
    elif lead and len(lead[1]) <= PARAGRAPH_TERM_MAX and "**" not in lead[1]:
        # "Java: A language on ...", "Important: Java, C++, ...": the term it opens with reads first.
        lines[0] = Text().append_text(inline_text(lead[1] + ":", "bold")).append(" ").append_text(inline_text(lead[2]))
    return Text("\n").join(lines)


def _opens_with(block: Block, verdict: str) -> bool:
    return isinstance(block, Paragraph) and block.lines[0].startswith(verdict)


def reply_renderable(message: BotMessage) -> RenderableType:
    """The reply's blocks one under the other; a yes/no answer's verdict opens it, set apart."""
    blocks = reply_blocks(message.text)
    verdict = message.verdict
    # The answers put the verdict first (after a title, if any); should one ever not, it is said first here.
    opening = next((index for index, block in enumerate(blocks) if not isinstance(block, Title)), None)
    parts: list[RenderableType] = []
    if verdict and (opening is None or not _opens_with(blocks[opening], verdict)):
        parts += [Text(verdict + ".", style="bold"), Text()]
        verdict = None
    for index, block in enumerate(blocks):
        parts.append(_block(block, verdict if index == opening else None))
        # A label sits right on top of its list; everything else has a blank line under it.
        if not isinstance(block, Label) and index < len(blocks) - 1:
            parts.append(Text())
    return Group(*parts)


class SourceEntry:
    """A numbered source: its title wrapped beside the number, its address on a line of its own that is
    never broken (a terminal wraps it on screen, and copying or clicking it still gives the whole
    address)."""

    def __init__(self, source: SourceLink, number_width: int) -> None:
        self.source, self.number_width = source, number_width

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        url = self.source.url
        title = Text(self.source.title, style=_linked(url) if url else "")
        yield Hanging(Text(f"{self.source.number}.", style="dim"), title, self.number_width)
        if url:
            yield Text(
                " " * (self.number_width + 1) + url, style=f"dim {_linked(url)}", no_wrap=True, overflow="ignore"
            )


def source_lines(sources: Sequence[SourceLink]) -> Group:
    width = max((len(f"{source.number}.") for source in sources), default=0)
    return Group(*(SourceEntry(source, width) for source in sources))


class TerminalRenderer:
    """Everything the chat prints, through one console."""

    def __init__(self, console: Console) -> None:
        self.console = console

    def banner(self, greeting: str, examples: Sequence[Suggestion]) -> None:
        self.console.print(Text(wording.TITLE, style="bold"))
        self.console.print(greeting)
        if examples:
            self.console.print(Text(wording.TRY, style="dim"))
            self.suggestions(examples)
        self.console.print(Text(wording.LEAVE, style="dim"))

    def reply(self, message: BotMessage) -> None:
        self.console.print()
        self.console.print(reply_renderable(message))
        if message.sources:
            self.sources(message.sources, SOURCES_UNDER_AN_ANSWER)

    def sources(self, sources: Sequence[SourceLink], limit: int | None = None) -> None:
        shown = sources if limit is None else sources[:limit]
        self.console.print()
        self.console.print(Text(wording.SOURCES_HEADING, style="bold"))
        self.console.print(source_lines(shown), crop=False)  # addresses run on, unbroken
        if len(sources) > len(shown):
            self.console.print(Text(wording.MORE_SOURCES.format(count=len(sources) - len(shown)), style="dim"))

    def suggestions(self, suggestions: Sequence[Suggestion], hint: bool = False) -> None:
        numbers = [Text(f"  {number}", style="bold cyan") for number in range(1, len(suggestions) + 1)]
        self.console.print(_hanging_list(numbers, [Text(suggestion.title) for suggestion in suggestions]))
        if hint:
            self.console.print(Text(wording.CHOOSE, style="dim"))

    def chosen(self, suggestion: Suggestion) -> None:
        """What a number stood for, so the transcript reads as the question asked."""
        self.console.print(Text(f"→ {suggestion.title}", style="dim"))

    def echo(self, line: str) -> None:
        """Piped input is not shown by a terminal: the transcript gets it."""
        self.console.print()
        self.console.print(Text(wording.PROMPT + line, style="bold"))

    def help(self) -> None:
        longest = max(len(command) for command, _ in wording.HELP)
        commands = [Text(command.ljust(longest + 1), style="bold") for command, _ in wording.HELP]
        meanings = [Text(meaning) for _, meaning in wording.HELP]
        self.console.print(_hanging_list(commands, meanings))
        self.console.print(Text(wording.HELP_CHOICES, style="dim"))

    def notice(self, text: str) -> None:
        self.console.print(Text(text, style="dim"))

    def problem(self, text: str) -> None:
        self.console.print(Text(text, style="bold red"))
