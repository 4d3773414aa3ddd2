"""The website chat widget in a real browser: Playwright driving Debian's Chromium against the real stack.

One action server, one Rasa server (web channel) and the demo page on three origins are started once
for the module (tests/browser_stack.py); the Rasa server is restarted only by the offline test, which
runs last. Every test uses a fresh browser context (empty localStorage) and saves screenshots to
results/browser/ (results/ is not committed): the issue-11 rows as rowNN-<what>[-<viewport>].png, the
other tests as <test-name>.png. Timings go to results/browser/timings.json, the accessibility audit's
findings to results/browser/axe/<viewport>-<theme>.json.

The widget lives in a Shadow DOM: Playwright's CSS and role locators reach into it; code run in the
page reaches it through WIDGET_ROOT.

In CI (CI is set) missing Chromium or Playwright is a failure; on a developer's machine the tests skip
with a loud message naming what is missing.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import os
import re
import sys
import time
import urllib.parse
import uuid
import warnings
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from browser_stack import RESULTS_DIR, BrowserStack, http, origin

from bot import answers
from bot.answers import Reply, Suggestion
from bot.feedback_store import Feedback, FeedbackStore
from bot.knowledge.queries import KnowledgeReader
from bot.knowledge.records import SourceRef

try:
    from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

    PLAYWRIGHT_IMPORT_ERROR: ImportError | None = None
except ImportError as error:  # reported by the `browser` fixture (fail in CI, loud skip elsewhere)
    PLAYWRIGHT_IMPORT_ERROR = error

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "what skills does an MLE need?"
COMPARISON = "how is a data engineer different from an MLE?"
INJECTION = "<img src=x onerror=alert(1)>"
UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
OFFLINE_TEXT = "Can't reach the assistant"
REPLY_TIMEOUT_MS = 60_000
AXE_JS = Path(__file__).parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"

VIEWPORTS = {"desktop": (1280, 800), "tablet": (768, 1024), "phone": (360, 740)}
SIZES = list(VIEWPORTS)

WIDGET_ROOT = "document.querySelector('[data-mlecw]').shadowRoot"
LAUNCHER = ".mlecw-launcher"
TIP = ".mlecw-tip"
BADGE = ".mlecw-badge"
PANEL = ".mlecw-panel"
LOG = ".mlecw-log"
NOTICE = ".mlecw-notice"
BOT_ITEMS = ".mlecw-log .mlecw-item-bot"
USER_ITEMS = ".mlecw-log .mlecw-item-user"
CHIP_GROUPS = ".mlecw-log .mlecw-chips"
INPUT_LABEL = "Type your message"

TIMINGS: dict[str, Any] = {}


# ---------------------------------------------------------------------------------------------
# Requirements, servers, browser
# ---------------------------------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_requirements() -> list[str]:
    missing = []
    if PLAYWRIGHT_IMPORT_ERROR is not None:
        missing.append(
            f"the `playwright` Python package ({PLAYWRIGHT_IMPORT_ERROR}); install the test dependencies "
            "with `make install` (never `playwright install`: the tests use Debian's Chromium)"
        )
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing.append(f"Debian's Chromium at {CHROMIUM}; install it with `sudo apt-get install chromium`")
    return missing


@pytest.fixture(scope="module")
def browser(pytestconfig: pytest.Config) -> Iterator[Browser]:
    missing = missing_requirements()
    if missing:
        message = "BROWSER TESTS NOT RUN, missing: " + "; ".join(missing)
        if in_ci():
            pytest.fail(message + " (CI is set, so this is a failure)", pytrace=False)
        banner = "\n" + "!" * 100 + f"\n!!! {message}\n" + "!" * 100 + "\n"
        capture = pytestconfig.pluginmanager.getplugin("capturemanager")
        if capture is not None:
            with capture.global_and_fixture_disabled():
                sys.stderr.write(banner)
        else:
            sys.stderr.write(banner)
        warnings.warn(message, stacklevel=1)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        TIMINGS["chromium"] = chromium.version
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def stack(browser: Browser, database_url: str, trained_model: Path) -> Iterator[BrowserStack]:
    """Action server + Rasa server + demo pages; requested after `browser`, so a skip costs no model load."""
    servers = BrowserStack(database_url)
    try:
        started = time.monotonic()
        servers.start()
        TIMINGS["stack_start_s"] = round(time.monotonic() - started, 1)
        yield servers
    finally:
        servers.close()


class UI:
    """Fresh browser contexts for one test, its screenshots, and what the pages reported."""

    def __init__(self, browser: Browser, stack: BrowserStack, name: str) -> None:
        self.browser = browser
        self.stack = stack
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        self.contexts: list[BrowserContext] = []
        self.pages: list[Page] = []
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.screenshot_saved = False

    def page(self, port: int | None = None, **context_options: Any) -> Page:
        """The demo page (or the page on `port`) in a new browser context."""
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(30_000)
        self.contexts.append(context)
        return self.tab(context, port)

    def embedded(self, script: dict[str, str] | None = None, **context_options: Any) -> Page:
        """Another site's page that embeds the widget from the demo page's origin, with these
        attributes on its script tag."""
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(30_000)
        self.contexts.append(context)
        return self.tab(context, self.stack.embedding_port, urllib.parse.urlencode(script or {}))

    def tab(self, context: BrowserContext, port: int | None = None, query: str = "") -> Page:
        """Another tab of the same browser context (same localStorage)."""
        page = context.new_page()
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.pages.append(page)
        page.goto(self.stack.page_url(port, query))
        expect(page.locator(LAUNCHER)).to_be_visible()  # visible once widget.css has loaded
        return page

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def screenshot(self, page: Page, suffix: str = "") -> Path:
        return self.shot(page, f"{self.name}{'-' + suffix if suffix else ''}", main=not suffix)

    def shot(self, page: Page, name: str, main: bool = True) -> Path:
        path = RESULTS_DIR / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), animations="disabled")  # the panel's pop-in finished
        if main:
            self.screenshot_saved = True
        return path

    def close(self) -> None:
        if not self.screenshot_saved and self.pages:
            # A failed test still leaves a picture of where it stopped; the page may be gone.
            with contextlib.suppress(Exception):
                self.shot(self.pages[-1], f"{self.name}-failed", main=False)
        for context in self.contexts:
            context.close()


@pytest.fixture
def ui(request: pytest.FixtureRequest, browser: Browser, stack: BrowserStack) -> Iterator[UI]:
    stack.ensure_up()  # an earlier failure must not leave this test without a server
    helper = UI(browser, stack, request.node.name)
    try:
        yield helper
    finally:
        helper.close()
    assert not helper.page_errors, f"uncaught errors in the page: {helper.page_errors}"


def record_timings(**values: Any) -> None:
    TIMINGS.update(values)
    TIMINGS["measured_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "timings.json").write_text(json.dumps(TIMINGS, indent=2, sort_keys=True) + "\n")


# ---------------------------------------------------------------------------------------------
# Page helpers
# ---------------------------------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def plain(markdown: str) -> str:
    return flat(markdown.replace("**", "").replace("`", ""))


def messages(page: Page) -> list[tuple[str, str]]:
    """(who, visible text) for every message in the widget's log."""
    return [
        tuple(item)
        for item in page.evaluate(
            f"""() => Array.from({WIDGET_ROOT}.querySelectorAll('.mlecw-log .mlecw-item')).map(item => [
               item.classList.contains('mlecw-item-user') ? 'user' : 'bot',
               (item.querySelector('.mlecw-msg') || {{innerText: ''}}).innerText])"""
        )
    ]


def bot_count(page: Page) -> int:
    return page.locator(BOT_ITEMS).count()


def wait_for_bot_reply(page: Page, before: int, timeout: float = REPLY_TIMEOUT_MS) -> list[str]:
    """Texts of the bot messages that arrived after `before` bot messages were on screen."""
    page.wait_for_function(
        f"""n => {WIDGET_ROOT}.querySelectorAll('.mlecw-log .mlecw-item-bot').length > n &&
                !{WIDGET_ROOT}.querySelector('.mlecw-log .mlecw-typing')""",
        arg=before,
        timeout=timeout,
    )
    return [flat(text) for who, text in messages(page) if who == "bot"][before:]


def wait_until_images_settled(page: Page) -> None:
    """Every image on the page and in the widget has loaded or failed, so any handler has had its turn."""
    page.wait_for_function(
        f"() => [...document.images, ...{WIDGET_ROOT}.querySelectorAll('img')].every(image => image.complete)"
    )
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")  # let queued events run


def assert_real_answer(texts: list[str]) -> str:
    text = " ".join(texts)
    assert text.strip(), "the bot reply is empty"
    assert "sorry" not in text.lower(), f"the bot apologised instead of answering: {text[:300]}"
    return text


def show_last_question(page: Page) -> None:
    """Scrolls the log so the last question and the start of its answer are in the screenshot."""
    page.evaluate(f"""() => {{
        const log = {WIDGET_ROOT}.querySelector('.mlecw-log');
        const asked = log.querySelectorAll('.mlecw-item-user');
        const last = asked[asked.length - 1];
        if (last) log.scrollTop += last.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    }}""")


def focus_is_on(page: Page, selector: str) -> bool:
    """Whether keyboard focus is on `selector` inside the widget's Shadow DOM."""
    return bool(
        page.evaluate(
            """selector => {
                const host = document.querySelector('[data-mlecw]');
                const inner = host.shadowRoot.activeElement;
                return document.activeElement === host && !!inner && inner.matches(selector);
            }""",
            selector,
        )
    )


def open_with_click(page: Page, greeting: bool = True) -> None:
    page.locator(LAUNCHER).click()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.get_by_label(INPUT_LABEL)).to_be_focused()
    if greeting:  # the server's welcome has arrived
        expect(page.locator(BOT_ITEMS).first).to_be_visible()


def ask(page: Page, text: str) -> list[str]:
    before = bot_count(page)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(text)
    box.press("Enter")
    return wait_for_bot_reply(page, before)


def ask_for_reply(page: Page, stack: BrowserStack, text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Asks `text`; the texts shown and the messages the server sent (with answer ids, fact ids, sources)."""
    before = bot_count(page)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(text)
    with page.expect_response(lambda r: r.url == stack.webhook_url and r.request.method == "POST") as response:
        box.press("Enter")
    sent: list[dict[str, Any]] = response.value.json()
    return wait_for_bot_reply(page, before), sent


def expected_reply(reader: KnowledgeReader, suggestion: Suggestion) -> Reply | None:
    """What the knowledge layer says for a quick reply, for the suggestions a skills answer offers."""
    role = suggestion.entities.get("role")
    if suggestion.intent == "ask_skill_importance":
        return answers.skill_verdict(reader.skill_verdict(role, suggestion.entities["skill"]))
    if suggestion.intent == "ask_how_to_become":
        return answers.career(reader.career_facts(role, "path"))
    return None


def skills_sources(reader: KnowledgeReader, role_id: str) -> list[SourceRef]:
    """The works a role's skills answer cites, each once, in the order the answer uses them."""
    skills = reader.role_skills(role_id)
    assert skills is not None
    works: dict[str, SourceRef] = {}
    for link in skills.links:
        for citation in link.evidence.citations:
            works.setdefault(citation.source.id, citation.source)
    return list(works.values())


def welcome(stack: BrowserStack, port: int | None = None) -> tuple[int, dict[str, Any]]:
    """What the server's welcome endpoint tells a page on `port` (default: the demo page)."""
    page_origin = origin(stack.page_port if port is None else port)
    status, _, body = http("GET", f"{stack.server_url}/webhooks/web/welcome", headers={"Origin": page_origin})
    return status, json.loads(body)


def cors_header(headers: dict[str, str]) -> str | None:
    return headers.get("access-control-allow-origin")


def preflight(stack: BrowserStack, page_origin: str) -> tuple[int, dict[str, str], bytes]:
    return http(
        "OPTIONS",
        stack.webhook_url,
        headers={
            "Origin": page_origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


BROWSER_FETCH = """async ([url, message]) => {
    try {
        const res = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'},
                                      body: JSON.stringify({sender: crypto.randomUUID(), message})});
        return {status: res.status, body: await res.text()};
    } catch (e) {
        return {error: String(e)};
    }
}"""


def box_of(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not rendered"
    return box


def top_gap(page: Page, item_selector: str) -> float:
    """How far below the top of the message area the element starts (negative: scrolled past)."""
    return float(
        page.evaluate(
            f"""selector => {{
                const root = {WIDGET_ROOT};
                const log = root.querySelector('.mlecw-log');
                const items = root.querySelectorAll(selector);
                const item = items[items.length - 1];
                return item.getBoundingClientRect().top - log.getBoundingClientRect().top;
            }}""",
            item_selector,
        )
    )


# Colours as the browser computed them, and WCAG 2.1 contrast between two of them.
CONTRAST_JS = """pairs => {
    const host = document.querySelector('[data-mlecw]');
    const canvas = document.createElement('canvas').getContext('2d');
    const rgb = colour => {
        canvas.fillStyle = '#000'; canvas.fillStyle = colour.trim();
        canvas.clearRect(0, 0, 1, 1); canvas.fillRect(0, 0, 1, 1);
        return Array.from(canvas.getImageData(0, 0, 1, 1).data.slice(0, 3));
    };
    const lum = c => c.map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                      .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
                              return (x + 0.05) / (y + 0.05); };
    // 'page' is the host page's body, ':host' the widget's host element, 'x::placeholder' a pseudo-element.
    const style = (selector, prop) => {
        const [sel, pseudo] = selector.split('::');
        const node = sel === 'page' ? document.body : sel === ':host' ? host : host.shadowRoot.querySelector(sel);
        if (!node) throw new Error('no element ' + selector);
        return getComputedStyle(node, pseudo ? '::' + pseudo : null).getPropertyValue(prop);
    };
    return pairs.map(([what, sel, prop, against, againstProp]) =>
        [what, Math.round(ratio(style(sel, prop), style(against, againstProp)) * 100) / 100]);
}"""

NON_TEXT_PAIRS = [
    ("input border / composer", ".mlecw-input", "border-top-color", ".mlecw-form", "background-color"),
    ("input border / input", ".mlecw-input", "border-top-color", ".mlecw-input", "background-color"),
    ("chip border / log", ".mlecw-chip", "border-top-color", ".mlecw-log", "background-color"),
    ("thumb icon / log", ".mlecw-fb-thumb", "color", ".mlecw-log", "background-color"),
    ("send button / composer", ".mlecw-send", "background-color", ".mlecw-form", "background-color"),
    ("launcher / page", ".mlecw-launcher", "background-color", "page", "background-color"),
    ("focus ring / log", ":host", "--mlecw-focus", ".mlecw-log", "background-color"),
    ("launcher focus ring / page", ":host", "--mlecw-ring-outer", "page", "background-color"),
]
TEXT_PAIRS = [
    ("reply text / bubble", ".mlecw-msg.mlecw-bot", "color", ".mlecw-msg.mlecw-bot", "background-color"),
    ("sources toggle / bubble", ".mlecw-sources-summary", "color", ".mlecw-msg.mlecw-bot", "background-color"),
    ("chip text / log", ".mlecw-chip", "color", ".mlecw-log", "background-color"),
    ("placeholder / input", ".mlecw-input::placeholder", "color", ".mlecw-input", "background-color"),
    ("header / title", ".mlecw-header", "color", ".mlecw-header", "background-color"),
    ("user text / bubble", ".mlecw-msg.mlecw-user", "color", ".mlecw-msg.mlecw-user", "background-color"),
]


def luminance_of(page: Page, selector: str, prop: str = "background-color") -> float:
    return float(
        page.evaluate(
            f"""([selector, prop]) => {{
                const [r, g, b] = getComputedStyle({WIDGET_ROOT}.querySelector(selector))
                    .getPropertyValue(prop).match(/[0-9.]+/g).slice(0, 3).map(Number);
                const lin = v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
                return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
            }}""",
            [selector, prop],
        )
    )


def axe_audit(page: Page) -> dict[str, Any]:
    """axe-core's findings for the widget: violations, and what it could not decide (needs review)."""
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is not installed at {AXE_JS}: run `make browser`", pytrace=False)
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result: dict[str, Any] = page.evaluate(
        """async () => {
            const r = await axe.run(document.querySelector('[data-mlecw]'));
            const brief = list => list.map(v => ({id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
                                                  nodes: v.nodes.map(n => JSON.stringify(n.target)).slice(0, 5)}));
            return {violations: brief(r.violations), incomplete: brief(r.incomplete), passes: r.passes.length};
        }"""
    )
    return result


def by_impact(findings: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for finding in findings:
        impact = finding["impact"] or "none"
        counts[impact] = counts.get(impact, 0) + finding["count"]
    return counts


def votes_of(conversation_id: str) -> list[Feedback]:
    """The votes stored for one conversation, read from the database the stack's Rasa server writes to."""
    store = FeedbackStore(os.environ["CONVERSATION_STORE_URL"])
    return [vote for vote in store.all() if vote.conversation_id == conversation_id]


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, flat(a).lower(), flat(b).lower()).ratio()


# ---------------------------------------------------------------------------------------------
# Tests (the offline test restarts the Rasa server, so it comes last)
# ---------------------------------------------------------------------------------------------


def test_keyboard_user_asks_and_gets_an_answer_from_the_knowledge_base(
    ui: UI, reader: KnowledgeReader, capsys: pytest.CaptureFixture[str]
) -> None:
    first_skill = reader.role_skills("mle").links[0].skill.name

    started = time.monotonic()
    page = ui.page()
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_have_attribute("aria-label", "Open chat")

    # Tab from the start of the page until the launcher has focus.
    for _ in range(40):
        page.keyboard.press("Tab")
        if focus_is_on(page, LAUNCHER):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    expect(launcher).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(launcher).to_have_attribute("aria-label", "Close chat")
    box = page.get_by_label(INPUT_LABEL)
    expect(box).to_be_focused()
    expect(page.locator(BOT_ITEMS).first).to_be_visible()  # the greeting

    before = bot_count(page)
    page.keyboard.type(QUESTION)
    sent = time.monotonic()
    page.keyboard.press("Enter")
    expect(page.locator(USER_ITEMS).last.locator(".mlecw-msg")).to_have_text(QUESTION)
    reply = assert_real_answer(wait_for_bot_reply(page, before))
    arrived = time.monotonic()
    assert first_skill in reply, f"expected the knowledge base's first MLE skill {first_skill!r} in: {reply[:400]}"
    expect(box).to_have_value("")

    timings = {
        "page_open_to_first_reply_s": round(arrived - started, 2),
        "send_to_first_reply_s": round(arrived - sent, 2),
    }
    record_timings(**timings)
    with capsys.disabled():
        print(
            f"\n[browser timing] page.goto start -> first bot reply: {timings['page_open_to_first_reply_s']} s "
            f"(of which send -> reply: {timings['send_to_first_reply_s']} s)"
        )
    show_last_question(page)
    ui.screenshot(page)

    # Escape closes the panel and gives focus back to the launcher.
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_have_attribute("aria-label", "Open chat")


def test_quick_reply_click_gets_the_knowledge_base_answer(ui: UI, reader: KnowledgeReader) -> None:
    skills_reply = answers.role_skills(reader.role_skills("mle"))
    page = ui.page()
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))

    answer_item = page.locator(BOT_ITEMS).last
    chips = answer_item.locator(".mlecw-chip")
    titles = [flat(title) for title in chips.all_inner_texts()]
    assert titles == [s.title for s in skills_reply.suggestions], "the buttons are the knowledge layer's suggestions"

    suggestion = skills_reply.suggestions[0]
    expected = expected_reply(reader, suggestion)
    answer_id = answer_item.get_attribute("data-msg-id")
    before = bot_count(page)
    chips.first.click()
    expect(page.locator(USER_ITEMS).last.locator(".mlecw-msg")).to_have_text(suggestion.title)
    reply = assert_real_answer(wait_for_bot_reply(page, before))
    assert expected is not None
    opening = plain(expected.text.split("\n")[0])
    assert opening in reply, f"expected {opening!r} (from the knowledge layer) in: {reply[:400]}"
    assert (
        suggestion.entities["skill"] and reader.skill_verdict("mle", suggestion.entities["skill"]).skill.name in reply
    )
    # A used set of quick replies disappears; the new answer brings its own.
    expect(page.locator(f'{LOG} [data-msg-id="{answer_id}"] .mlecw-chips')).to_have_count(0)
    expect(page.locator(BOT_ITEMS).last.locator(".mlecw-chip")).to_have_text([s.title for s in expected.suggestions])
    ui.screenshot(page)


def test_reload_shows_the_history_and_keeps_the_session(ui: UI) -> None:
    page = ui.page()
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    session_id = page.evaluate("() => window.MLEChatWidget.getSessionId()")
    assert UUID_V4.match(session_id), f"the session id must be a random UUID v4, got {session_id!r}"
    history = messages(page)
    assert [who for who, _ in history] == ["bot", "user", "bot"], history
    assert history[1] == ("user", QUESTION)

    page.reload()
    expect(page.locator(LAUNCHER)).to_be_visible()
    expect(page.locator(PANEL)).to_be_visible()  # it was open before the reload
    expect(page.locator(".mlecw-item")).to_have_count(len(history))
    assert messages(page) == history
    assert page.evaluate("() => window.MLEChatWidget.getSessionId()") == session_id
    ui.screenshot(page)


def test_html_in_a_message_is_shown_as_text_and_never_run(ui: UI) -> None:
    # bypass_csp: the demo page's CSP would block an inline handler anyway; the widget must not rely on it.
    page = ui.page(bypass_csp=True)
    open_with_click(page)
    before = bot_count(page)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(INJECTION)
    box.press("Enter")
    user_bubble = page.locator(USER_ITEMS).last.locator(".mlecw-msg")
    expect(user_bubble).to_have_count(1)
    wait_for_bot_reply(page, before)

    # No element was made from the text, so no handler exists that could fire later.
    assert user_bubble.text_content() == INJECTION
    assert page.locator(f"{LOG} img").count() == 0
    wait_until_images_settled(page)
    assert ui.dialogs == [], f"the message ran as code: {ui.dialogs}"

    # The stored transcript is rendered again on reload: still text only.
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(USER_ITEMS).last.locator(".mlecw-msg")).to_have_text(INJECTION)
    assert page.locator(f"{LOG} img").count() == 0
    wait_until_images_settled(page)
    assert ui.dialogs == []
    ui.screenshot(page)


def test_too_long_message_is_refused(ui: UI, stack: BrowserStack) -> None:
    limit = stack.max_message_length
    too_long = "x" * (limit + 1)
    page = ui.page()
    open_with_click(page)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(too_long)
    box.press("Enter")
    notice = page.locator(NOTICE)
    expect(notice).to_contain_text(f"limited to {limit} characters")
    expect(box).to_have_value(too_long)  # kept, not truncated, so the user can shorten it
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".mlecw-counter")).to_have_text(f"{limit + 1}/{limit}")
    expect(page.locator(USER_ITEMS)).to_have_count(0)
    ui.screenshot(page)

    # The server refuses it too, with a 413 the page may read (CORS headers on the error).
    status, headers, body = http(
        "POST",
        stack.webhook_url,
        {"sender": str(uuid.uuid4()), "message": too_long},
        headers={"Origin": origin(stack.page_port)},
    )
    assert status == 413
    assert json.loads(body)["error"] == "message_too_long"
    assert json.loads(body)["max_length"] == limit
    assert cors_header(headers) == origin(stack.page_port)
    seen = page.evaluate(BROWSER_FETCH, [stack.webhook_url, too_long])
    assert seen.get("status") == 413, seen


def test_second_origin_is_allowed_when_configured(ui: UI, stack: BrowserStack) -> None:
    allowed = origin(stack.second_page_port)
    status, headers, _ = preflight(stack, allowed)
    assert status < 300 and cors_header(headers) == allowed, (status, headers)
    status, headers, _ = http(
        "POST", stack.webhook_url, {"sender": str(uuid.uuid4()), "message": "hello"}, headers={"Origin": allowed}
    )
    assert status == 200 and cors_header(headers) == allowed, (status, headers)

    page = ui.page(stack.second_page_port)
    assert page.evaluate("() => location.origin") == allowed
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    expect(page.locator(NOTICE)).not_to_contain_text(OFFLINE_TEXT)
    ui.screenshot(page)


def test_one_tag_embed_from_another_origin_loads_every_part(ui: UI, stack: BrowserStack) -> None:
    widget_origin = origin(stack.page_port)
    greeting = "Hello from the page: ask about MLE careers."
    context = ui.browser.new_context()
    ui.contexts.append(context)
    loaded: list[str] = []
    context.on("requestfinished", lambda request: loaded.append(request.url))
    page = ui.tab(context, stack.embedding_port, urllib.parse.urlencode({"data-greeting": greeting}))
    assert page.evaluate("() => location.origin") != widget_origin
    parts = sorted(url.rsplit("/", 1)[1] for url in loaded if url.startswith(f"{widget_origin}/static/"))
    assert "widget.js" in parts and "widget.css" in parts and len(parts) >= 4, parts
    open_with_click(page)
    expect(page.locator(BOT_ITEMS).first.locator(".mlecw-msg")).to_have_text(greeting)  # data-greeting wins
    expect(page.locator(BOT_ITEMS).first.locator(".mlecw-chip")).to_have_count(3)  # the server's starters stay
    assert_real_answer(ask(page, QUESTION))
    show_last_question(page)
    ui.screenshot(page)


# --- Issue 11, row by row ------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_row01_a_new_reply_starts_at_the_top_of_the_message_area(ui: UI, size: str) -> None:
    width, height = VIEWPORTS[size]
    page = ui.page(viewport={"width": width, "height": height})
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    reply = BOT_ITEMS
    gap = top_gap(page, reply)
    assert 0 <= gap <= 24, f"the reply's first line should be at the top of the message area, it is {gap:.0f} px off"
    # The answer is longer than the message area, so its end is below: the reader scrolls down, not up.
    assert page.evaluate(
        f"() => {{ const l = {WIDGET_ROOT}.querySelector('.mlecw-log');"
        " return l.scrollTop + l.clientHeight < l.scrollHeight - 40; }"
    ), "the log was scrolled to the end of the reply"
    expect(page.locator(BOT_ITEMS).last.locator(".mlecw-reply-title")).to_be_in_viewport()
    ui.shot(page, f"row01-reply-starts-at-top-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_row02_sources_are_a_collapsed_numbered_list_of_links(
    ui: UI, stack: BrowserStack, reader: KnowledgeReader, size: str
) -> None:
    width, height = VIEWPORTS[size]
    works = skills_sources(reader, "mle")
    page = ui.page(viewport={"width": width, "height": height})
    open_with_click(page)
    texts, sent = ask_for_reply(page, stack, QUESTION)
    assert "Sources:" not in texts[-1] and "Source:" not in texts[-1], "the sources are still a paragraph"

    answer = page.locator(BOT_ITEMS).last
    disclosure = answer.locator(".mlecw-sources")
    toggle = disclosure.locator("summary")
    expect(toggle).to_have_text(f"Sources ({len(works)})")
    items = disclosure.locator("li")
    expect(items.first).to_be_hidden()  # collapsed by default
    ui.shot(page, f"row02-sources-collapsed-{size}", main=False)

    toggle.click()
    expect(items).to_have_count(len(works))
    expect(items.first).to_be_visible()
    for position, (item, work) in enumerate(zip(items.all(), works, strict=True), start=1):
        assert item.evaluate("li => li.value") == position
        assert work.title in flat(item.inner_text()), (work.title, item.inner_text())
        link = item.locator("a")
        if work.url and work.url.startswith(("http://", "https://")):
            expect(link).to_have_attribute("href", work.url)
            expect(link).to_have_attribute("target", "_blank")
            expect(link).to_have_attribute("rel", "noopener noreferrer")
        else:
            expect(link).to_have_count(0)
    assert any(w.url for w in works), "the test needs a source with a URL"
    assert [s["title"] for s in sent[-1]["sources"]], "the server sent the sources beside the text"
    item_with_link = next(i for i, w in enumerate(works) if w.url)
    items.nth(item_with_link).scroll_into_view_if_needed()
    ui.shot(page, f"row02-sources-open-{size}")


def test_row03_a_reply_has_a_title_labelled_sections_and_headings(ui: UI, reader: KnowledgeReader) -> None:
    contrast = reader.compare_roles("data_engineer", "mle")
    skills = reader.role_skills("mle")
    assert contrast is not None and skills is not None
    page = ui.page()
    open_with_click(page)

    assert_real_answer(ask(page, COMPARISON))
    answer = page.locator(BOT_ITEMS).last
    title = f"{contrast.first.name} vs {contrast.second.name}"
    expect(answer.get_by_role("heading", level=3)).to_have_text(title)
    sections = answer.get_by_role("heading", level=4)
    expect(sections).to_have_text([aspect.aspect for aspect in contrast.aspects])
    for aspect in contrast.aspects:
        section = answer.get_by_role("list", name=aspect.aspect, exact=True)
        expect(section.get_by_role("listitem")).to_have_text(
            [f"{contrast.first.name}: {aspect.first}", f"{contrast.second.name}: {aspect.second}"]
        )
    # The summary under the title is its own paragraph, not glued to the title.
    expect(answer.locator(".mlecw-p").first).to_have_text(contrast.summary.text)
    ui.shot(page, "row03-structured-comparison")

    assert_real_answer(ask(page, QUESTION))
    answer = page.locator(BOT_ITEMS).last
    expect(answer.get_by_role("heading", level=3)).to_have_text("Skills machine learning engineers need:")
    essential = [link for link in skills.links if link.importance == "essential"]
    listed = answer.get_by_role("list", name="Essential:", exact=True).get_by_role("listitem")
    expect(listed).to_have_count(len(essential))
    expect(listed.first.locator("strong")).to_have_text(f"{essential[0].skill.name}:")
    ui.shot(page, "row03-structured-skills")


def test_row04_only_the_latest_replys_suggestions_are_active(ui: UI) -> None:
    page = ui.page()
    open_with_click(page)
    greeting = page.locator(BOT_ITEMS).first
    expect(greeting.locator(".mlecw-chip")).to_have_count(3)

    assert_real_answer(ask(page, QUESTION))  # typed, not clicked
    expect(greeting.locator(".mlecw-chip")).to_have_count(0)
    first_answer = page.locator(f'{LOG} [data-msg-id="{page.locator(BOT_ITEMS).last.get_attribute("data-msg-id")}"]')
    expect(first_answer.locator(".mlecw-chip").first).to_be_visible()

    assert_real_answer(ask(page, COMPARISON))
    expect(first_answer.locator(".mlecw-chip")).to_have_count(0)
    expect(page.locator(CHIP_GROUPS)).to_have_count(1)
    expect(page.locator(BOT_ITEMS).last.locator(".mlecw-chip").first).to_be_enabled()

    # After a reload the same holds: old suggestions do not come back.
    page.reload()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.locator(CHIP_GROUPS)).to_have_count(1)
    expect(page.locator(BOT_ITEMS).last.locator(".mlecw-chips")).to_have_count(1)
    show_last_question(page)
    ui.shot(page, "row04-only-latest-suggestions")


def test_row05_unconfigured_origin_gets_a_distinct_message_and_no_retries(ui: UI, stack: BrowserStack) -> None:
    refused = origin(stack.unlisted_page_port)
    for method in ("OPTIONS", "POST"):
        if method == "OPTIONS":
            _, headers, _ = preflight(stack, refused)
        else:
            _, headers, _ = http(
                "POST",
                stack.webhook_url,
                {"sender": str(uuid.uuid4()), "message": "hello"},
                headers={"Origin": refused},
            )
        assert cors_header(headers) not in (refused, "*"), f"{method} from {refused} was allowed: {headers}"
    status, body = welcome(stack, stack.unlisted_page_port)
    assert status == 403 and body["error"] == "origin_not_allowed", (status, body)

    page = ui.page(stack.unlisted_page_port)
    calls: list[str] = []
    page.on("request", lambda request: calls.append(request.url) if request.url.startswith(stack.server_url) else None)
    open_with_click(page, greeting=False)
    notice = page.locator(NOTICE)
    expect(notice).to_have_text(body["text"], timeout=15_000)
    expect(notice).not_to_contain_text(OFFLINE_TEXT)

    box = page.get_by_label(INPUT_LABEL)
    box.fill(QUESTION)
    box.press("Enter")
    page.wait_for_timeout(12_000)  # longer than the first four retries of an offline widget (1+2+4+8 s)
    assert len(calls) == 1, f"the widget kept calling a server that refused this site: {calls}"
    expect(notice).to_have_text(body["text"])
    expect(box).to_have_value(QUESTION)
    expect(page.locator(USER_ITEMS)).to_have_count(0)
    assert bot_count(page) == 0, "no reply (nor a greeting) may arrive on a refused origin"
    # The browser itself refuses to hand over the server's answer.
    seen = page.evaluate(BROWSER_FETCH, [stack.webhook_url, "hello"])
    assert "error" in seen and "status" not in seen, f"a page on {refused} could read the reply: {seen}"
    ui.shot(page, "row05-origin-not-allowed")


def test_row06_two_tabs_share_one_conversation(ui: UI) -> None:
    first = ui.page()
    second = ui.tab(first.context)
    open_with_click(first)
    open_with_click(second)
    assert first.evaluate("() => MLEChatWidget.getSessionId()") == second.evaluate("() => MLEChatWidget.getSessionId()")

    assert_real_answer(ask(first, QUESTION))
    # The other tab shows the exchange as it happens.
    expect(second.locator(f"{USER_ITEMS} .mlecw-msg")).to_have_text([QUESTION])
    assert_real_answer(ask(second, COMPARISON))
    expect(first.locator(f"{USER_ITEMS} .mlecw-msg")).to_have_text([QUESTION, COMPARISON])
    ui.shot(first, "row06-two-tabs-first", main=False)
    ui.shot(second, "row06-two-tabs-second", main=False)

    # A reply that reaches a tab whose panel is closed is announced there too (row 9).
    second.locator(".mlecw-close").click()
    assert_real_answer(ask(first, "what does a data scientist do?"))
    expect(second.locator(BADGE)).to_have_text("1")
    ui.shot(second, "row06-other-tab-unread-badge", main=False)
    second.locator(LAUNCHER).click()
    conversation = messages(second)
    assert [who for who, _ in conversation] == ["bot", "user", "bot", "user", "bot", "user", "bot"], conversation
    assert messages(first) == conversation

    # Nothing is lost on reload, in either tab.
    for page in (first, second):
        page.reload()
        expect(page.locator(PANEL)).to_be_visible()
        expect(page.locator(".mlecw-item")).to_have_count(len(conversation))
        assert messages(page) == conversation
    show_last_question(first)
    ui.shot(first, "row06-two-tabs-after-reload")


def test_row07_restart_asks_first(ui: UI) -> None:
    page = ui.page()
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    session_id = page.evaluate("() => MLEChatWidget.getSessionId()")
    history = messages(page)

    restart = page.get_by_role("button", name="Restart conversation")
    restart.click()
    question = page.get_by_role("group", name=re.compile("Start a new conversation"))
    expect(question).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()
    assert messages(page) == history, "nothing is cleared before the reader confirms"
    ui.shot(page, "row07-restart-question")

    page.get_by_role("button", name="Cancel").click()
    expect(question).to_be_hidden()
    expect(restart).to_be_focused()
    assert messages(page) == history
    assert page.evaluate("() => MLEChatWidget.getSessionId()") == session_id

    restart.click()
    page.keyboard.press("Escape")  # Escape answers the question, it does not close the panel
    expect(question).to_be_hidden()
    expect(page.locator(PANEL)).to_be_visible()
    assert messages(page) == history

    restart.click()
    page.get_by_role("button", name="Start over").click()
    expect(page.locator(USER_ITEMS)).to_have_count(0)
    expect(page.locator(BOT_ITEMS)).to_have_count(1)  # the greeting of the new conversation
    expect(page.locator(BOT_ITEMS).first.locator(".mlecw-chip")).to_have_count(3)
    new_session = page.evaluate("() => MLEChatWidget.getSessionId()")
    assert new_session != session_id and UUID_V4.match(new_session)
    ui.shot(page, "row07-restarted")


def test_row08_one_greeting_after_hi(ui: UI, stack: BrowserStack) -> None:
    _, body = welcome(stack)
    page = ui.page()
    open_with_click(page)
    expect(page.locator(BOT_ITEMS)).to_have_count(1)
    expect(page.locator(BOT_ITEMS).first.locator(".mlecw-msg")).to_have_text(body["text"])
    reply = " ".join(ask(page, "hi"))
    assert reply.strip(), "the assistant said nothing to hi"
    greetings = [text for who, text in messages(page) if who == "bot" and similar(text, body["text"]) > 0.6]
    assert len(greetings) == 1, f"more than one greeting: {greetings}"
    ui.shot(page, "row08-one-greeting")


@pytest.mark.parametrize("size", SIZES)
def test_row09_a_reply_that_arrives_while_closed_shows_a_badge(ui: UI, size: str) -> None:
    width, height = VIEWPORTS[size]
    page = ui.page(viewport={"width": width, "height": height})
    open_with_click(page)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(QUESTION)
    before = bot_count(page)
    # Send and close in one go, so the reply (about 0.2 s away) certainly arrives while closed.
    page.evaluate(f"""() => {{
        {WIDGET_ROOT}.querySelector('.mlecw-form').requestSubmit();
        MLEChatWidget.close();
    }}""")
    expect(page.locator(PANEL)).to_be_hidden()
    launcher = page.locator(LAUNCHER)
    badge = page.locator(BADGE)
    expect(badge).to_have_text("1", timeout=REPLY_TIMEOUT_MS)
    expect(badge).to_be_visible()
    expect(badge).to_be_in_viewport()
    expect(launcher).to_have_attribute("aria-label", "Open chat (1 new message)")
    ui.shot(page, f"row09-unread-badge-{size}", main=False)

    launcher.click()
    expect(badge).to_be_hidden()
    assert bot_count(page) == before + 1
    gap = top_gap(page, BOT_ITEMS)
    assert 0 <= gap <= 24, f"opening shows the new reply from its first line ({gap:.0f} px off)"
    ui.shot(page, f"row09-opened-at-new-reply-{size}")


@pytest.mark.parametrize(
    ("scheme", "forced", "dark"),
    [("dark", None, True), ("light", "dark", True), ("dark", "light", False), ("light", None, False)],
)
def test_row10_dark_theme_follows_the_system_and_data_theme_forces_one(
    ui: UI, scheme: str, forced: str | None, dark: bool
) -> None:
    # A forced theme is set on the script tag, here by a site embedding the widget.
    page = ui.embedded({"data-theme": forced}, color_scheme=scheme) if forced else ui.page(color_scheme=scheme)
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    background = luminance_of(page, LOG)
    text = luminance_of(page, ".mlecw-msg.mlecw-bot", "color")
    if dark:
        assert background < 0.05 and text > 0.6, (background, text)
    else:
        assert background > 0.9 and text < 0.05, (background, text)
    ui.shot(page, f"row10-theme-{scheme}-system{'-forced-' + forced if forced else ''}")


@pytest.mark.parametrize("size", SIZES)
def test_row11_panel_fits_the_screen_and_is_full_screen_on_phones(ui: UI, size: str) -> None:
    width, height = VIEWPORTS[size]
    page = ui.page(viewport={"width": width, "height": height})
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    for selector in (PANEL, LOG, ".mlecw-form", ".mlecw-send", ".mlecw-close"):
        box = box_of(page, selector)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{selector} is wider than the screen: {box}"
        assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, (
            f"{selector} is taller than the screen: {box}"
        )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, "the page scrolls sideways"
    assert page.evaluate(
        f"() => {{ const l = {WIDGET_ROOT}.querySelector('.mlecw-log'); return l.scrollWidth <= l.clientWidth + 1; }}"
    ), "the answer overflows the message log sideways"
    panel = box_of(page, PANEL)
    if size == "phone":
        edges = (panel["x"], panel["y"], panel["width"], panel["height"])
        assert edges == pytest.approx((0, 0, width, height), abs=0.5), f"not full-screen: {panel}"
    else:
        assert panel["width"] <= width / 2, f"a floating panel, not a full-screen one, at {size}: {panel}"
    ui.shot(page, f"row11-panel-{size}")


def test_row11_composer_stays_above_the_on_screen_keyboard(ui: UI) -> None:
    width, height = VIEWPORTS["phone"]
    page = ui.page(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    # An on-screen keyboard shrinks the visual viewport (the layout viewport stays): what the
    # browser reports when a 340 px keyboard opens.
    keyboard = 340
    page.evaluate(
        """height => {
            const vv = window.visualViewport;
            Object.defineProperty(vv, 'height', {configurable: true, get: () => height});
            vv.dispatchEvent(new Event('resize'));
        }""",
        height - keyboard,
    )
    visible = height - keyboard
    form = box_of(page, ".mlecw-form")
    assert form["y"] + form["height"] <= visible + 0.5, f"the composer is under the keyboard: {form}"
    expect(page.get_by_label(INPUT_LABEL)).to_be_visible()
    header = box_of(page, ".mlecw-header")
    assert header["y"] >= 0 and header["height"] <= 48, f"the header should be compact: {header}"
    log = box_of(page, LOG)
    assert log["height"] >= 250, f"only {log['height']:.0f} px remain for the messages"
    page.evaluate("() => window.scrollTo(0, 0)")
    ui.shot(page, "row11-keyboard-open-phone")


def test_row11_header_and_close_stay_visible_at_320_by_256(ui: UI) -> None:
    page = ui.page(viewport={"width": 320, "height": 256})
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    close = page.locator(".mlecw-close")
    expect(page.locator(".mlecw-title")).to_be_in_viewport(ratio=1)
    expect(close).to_be_in_viewport(ratio=1)
    expect(page.get_by_label(INPUT_LABEL)).to_be_in_viewport(ratio=1)
    assert box_of(page, LOG)["height"] >= 100, "no room left for the messages"
    ui.shot(page, "row11-320x256", main=False)
    close.click()
    expect(page.locator(PANEL)).to_be_hidden()
    ui.shot(page, "row11-320x256-closed")


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_row12_accessibility_audit_finds_nothing_serious(ui: UI, size: str, theme: str) -> None:
    width, height = VIEWPORTS[size]
    # bypass_csp: the demo page's CSP forbids inline scripts, and axe is injected as one.
    page = ui.page(viewport={"width": width, "height": height}, color_scheme=theme, bypass_csp=True)
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    answer = page.locator(BOT_ITEMS).last
    answer.locator(".mlecw-sources summary").click()  # audit the open sources list
    answer.get_by_role("button", name="Not helpful").click()  # and the feedback reason field
    expect(answer.get_by_label(re.compile("What was wrong"))).to_be_visible()
    audit = axe_audit(page)
    violations = audit["violations"]
    report = RESULTS_DIR / "axe" / f"{size}-{theme}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    summary = {"violations_by_impact": by_impact(violations), "needs_review_by_impact": by_impact(audit["incomplete"])}
    report.write_text(json.dumps({**summary, **audit}, indent=2) + "\n")
    ui.shot(page, f"row12-audit-{size}-{theme}")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"axe found serious or critical violations: {json.dumps(serious, indent=2)}"


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_row12_borders_icons_and_text_have_enough_contrast(ui: UI, theme: str) -> None:
    page = ui.page(color_scheme=theme)
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    page.get_by_label(INPUT_LABEL).fill("")
    low = []
    for minimum, pairs in ((3.0, NON_TEXT_PAIRS), (4.5, TEXT_PAIRS)):
        for what, ratio in page.evaluate(CONTRAST_JS, pairs):
            if ratio < minimum:
                low.append(f"{what}: {ratio}:1 (needs {minimum}:1)")
    assert not low, "contrast below WCAG 2.1 AA: " + "; ".join(low)
    ui.shot(page, f"row12-contrast-{theme}")


def test_row12_escape_closes_from_anywhere_on_the_page(ui: UI) -> None:
    page = ui.page()
    open_with_click(page)
    launcher = page.locator(LAUNCHER)
    expect(launcher).to_have_attribute("aria-label", "Close chat")
    page.get_by_role("heading", name="Becoming a Machine Learning Engineer").click()  # focus leaves the widget
    assert not page.evaluate("() => document.activeElement === document.querySelector('[data-mlecw]')")
    page.keyboard.press("Escape")
    expect(page.locator(PANEL)).to_be_hidden()
    expect(launcher).to_have_attribute("aria-label", "Open chat")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    ui.shot(page, "row12-escape-from-the-page")


@pytest.mark.parametrize("size", SIZES)
def test_row13_launcher_has_a_visible_label_on_first_visit(ui: UI, size: str) -> None:
    width, height = VIEWPORTS[size]
    page = ui.page(viewport={"width": width, "height": height})
    launcher = page.locator(LAUNCHER)
    tip = page.locator(TIP)
    expect(tip).to_be_visible()
    expect(tip).to_have_text("Ask me about the MLE role")
    expect(tip).to_be_in_viewport(ratio=1)
    expect(launcher).to_have_accessible_description("Ask me about the MLE role")
    expect(launcher).to_have_accessible_name("Open chat")
    ui.shot(page, f"row13-first-visit-label-{size}")

    launcher.click()
    expect(page.locator(PANEL)).to_be_visible()
    expect(tip).to_be_hidden()
    # On a phone the full-screen panel covers the launcher: its own Close button closes it.
    (page.locator(".mlecw-close") if size == "phone" else launcher).click()
    expect(page.locator(PANEL)).to_be_hidden()
    page.reload()
    expect(launcher).to_be_visible()
    expect(tip).to_be_hidden()  # introduced once; afterwards a tooltip
    if size != "phone":
        launcher.hover()
        expect(tip).to_be_visible()
        ui.shot(page, f"row13-tooltip-on-hover-{size}", main=False)
        page.keyboard.press("Escape")  # a tooltip can be dismissed (WCAG 1.4.13)
        expect(tip).to_be_hidden()


def test_row14_three_starter_questions_under_the_greeting(ui: UI, stack: BrowserStack) -> None:
    status, body = welcome(stack)
    assert status == 200 and len(body["suggestions"]) == 3, body
    page = ui.page()
    open_with_click(page)
    greeting = page.locator(BOT_ITEMS).first
    expect(greeting.locator(".mlecw-msg")).to_have_text(body["text"])
    starters = greeting.get_by_role("group", name="Questions to start with").get_by_role("button")
    expect(starters).to_have_text([s["title"] for s in body["suggestions"]])
    ui.shot(page, "row14-starter-questions", main=False)

    before = bot_count(page)
    starters.first.click()
    expect(page.locator(USER_ITEMS).last.locator(".mlecw-msg")).to_have_text(body["suggestions"][0]["title"])
    assert_real_answer(wait_for_bot_reply(page, before))
    ui.shot(page, "row14-starter-answered")


# --- Feedback ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_feedback_thumbs_down_with_a_reason_is_stored(ui: UI, stack: BrowserStack, size: str) -> None:
    width, height = VIEWPORTS[size]
    page = ui.page(viewport={"width": width, "height": height})
    open_with_click(page)
    _, sent = ask_for_reply(page, stack, QUESTION)
    answer_message = next(m for m in sent if m.get("answer_id"))
    answer = page.locator(BOT_ITEMS).last
    expect(page.locator(".mlecw-feedback")).to_have_count(sum(1 for m in sent if m.get("answer_id")))
    rating = answer.get_by_role("group", name="Rate this answer")
    down = rating.get_by_role("button", name="Not helpful")
    up = rating.get_by_role("button", name="Helpful", exact=True)

    down.click()
    reason_box = rating.get_by_label(re.compile("What was wrong"))
    expect(reason_box).to_be_focused()
    reason = "It lists skills but not which to learn first."
    reason_box.fill(reason)
    expect(reason_box).to_have_attribute("maxlength", "500")
    ui.shot(page, f"feedback-reason-{size}", main=False)
    with page.expect_response(lambda r: r.url.endswith("/webhooks/web/feedback")) as posted:
        rating.get_by_role("button", name="Send").click()
    assert posted.value.status == 200, posted.value.text()
    expect(rating.get_by_role("status")).to_contain_text("Thank")
    expect(down).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(reason_box).to_be_hidden()
    ui.shot(page, f"feedback-stored-{size}", main=False)

    session_id = page.evaluate("() => MLEChatWidget.getSessionId()")
    stored = votes_of(session_id)
    assert len(stored) == 1, stored
    row = stored[0]
    assert row.answer_id == answer_message["answer_id"]
    assert row.rating == "down" and row.reason == reason and row.channel == "web"
    assert row.question == QUESTION
    assert list(row.fact_ids) == answer_message["fact_ids"]

    # The reader changes their mind; the state survives a reload.
    with page.expect_response(lambda r: r.url.endswith("/webhooks/web/feedback")) as posted:
        up.click()
    assert posted.value.status == 200, posted.value.text()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(down).to_have_attribute("aria-pressed", "false")
    latest = votes_of(session_id)
    assert [(vote.answer_id, vote.rating) for vote in latest] == [(answer_message["answer_id"], "up")], latest
    page.reload()
    expect(page.locator(BOT_ITEMS).last.get_by_role("button", name="Helpful", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    ui.shot(page, f"feedback-changed-{size}")


# --- Last: stops and restarts the Rasa server ---------------------------------------------------------


def test_offline_notice_then_recovery_when_the_server_is_back(
    ui: UI, stack: BrowserStack, reader: KnowledgeReader, capsys: pytest.CaptureFixture[str]
) -> None:
    first_skill = reader.role_skills("mle").links[0].skill.name
    page = ui.page()
    open_with_click(page)
    notice = page.locator(NOTICE)
    expect(notice).to_have_text("")
    # Every text the notice shows, so a short "Back online" cannot be missed.
    page.evaluate(f"""() => {{
        const notice = {WIDGET_ROOT}.querySelector('.mlecw-notice');
        window.__notices = [];
        new MutationObserver(() => window.__notices.push(notice.textContent))
            .observe(notice, {{childList: true, characterData: true, subtree: true}});
    }}""")

    stack.stop_rasa()
    box = page.get_by_label(INPUT_LABEL)
    box.fill(QUESTION)
    box.press("Enter")
    expect(notice).to_contain_text(OFFLINE_TEXT, timeout=20_000)
    expect(box).to_have_value(QUESTION)  # the typed message is kept
    expect(page.locator(USER_ITEMS)).to_have_count(0)
    ui.screenshot(page, "offline")

    stack.start_rasa()
    restart_seconds = stack.wait_until_rasa_answers()
    page.wait_for_function("() => window.__notices.includes('Back online')", timeout=30_000)
    expect(notice).not_to_contain_text(OFFLINE_TEXT)
    record_timings(rasa_restart_to_answer_s=round(restart_seconds, 1), rasa_start_s=stack.rasa_start_seconds)
    with capsys.disabled():
        print(f"\n[browser timing] Rasa server restart -> answering: {restart_seconds:.1f} s")

    # The kept message goes out now and is answered.
    before = bot_count(page)
    box.focus()
    box.press("Enter")
    reply = assert_real_answer(wait_for_bot_reply(page, before))
    assert first_skill in reply
    expect(page.locator(USER_ITEMS).last.locator(".mlecw-msg")).to_have_text(QUESTION)
    expect(box).to_have_value("")
    show_last_question(page)
    ui.screenshot(page)
