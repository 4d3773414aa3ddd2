"""The website chat widget in a real browser: Playwright driving Debian's Chromium against the real stack.

One action server, one Rasa server (web channel) and the demo page on three origins are started once
for the module (tests/browser_stack.py); the Rasa server is restarted only by the offline test, which
runs last. Every test uses a fresh browser context (empty localStorage) and saves a screenshot to
results/browser/<test-name>.png (results/ is not committed). Timings go to results/browser/timings.json.

In CI (CI is set) missing Chromium or Playwright is a failure; on a developer's machine the tests skip
with a loud message naming what is missing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import time
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
from bot.knowledge.queries import KnowledgeReader

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
INJECTION = "<img src=x onerror=alert(1)>"
UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
OFFLINE_TEXT = "Can't reach the assistant"
REPLY_TIMEOUT_MS = 60_000

LAUNCHER = ".mlecw-launcher"
PANEL = ".mlecw-panel"
LOG = ".mlecw-log"
NOTICE = ".mlecw-panel [role=status]"
BOT_ITEMS = ".mlecw-log .mlecw-item-bot"
USER_ITEMS = ".mlecw-log .mlecw-item-user"
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
        context = self.browser.new_context(**context_options)
        context.set_default_timeout(30_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))
        self.pages.append(page)
        page.goto(self.stack.page_url(port))
        expect(page.locator(LAUNCHER)).to_be_visible()  # visible once widget.css has loaded
        return page

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def screenshot(self, page: Page, suffix: str = "") -> Path:
        path = RESULTS_DIR / f"{self.name}{'-' + suffix if suffix else ''}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path))
        if not suffix:
            self.screenshot_saved = True
        return path

    def close(self) -> None:
        if not self.screenshot_saved and self.pages:
            # A failed test still leaves a picture of where it stopped; the page may be gone.
            with contextlib.suppress(Exception):
                self.screenshot(self.pages[-1])
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
            """() => Array.from(document.querySelectorAll('.mlecw-log .mlecw-item')).map(item => [
               item.classList.contains('mlecw-item-user') ? 'user' : 'bot',
               (item.querySelector('.mlecw-msg') || {innerText: ''}).innerText])"""
        )
    ]


def bot_count(page: Page) -> int:
    return page.locator(BOT_ITEMS).count()


def wait_for_bot_reply(page: Page, before: int, timeout: float = REPLY_TIMEOUT_MS) -> list[str]:
    """Texts of the bot messages that arrived after `before` bot messages were on screen."""
    page.wait_for_function(
        """n => document.querySelectorAll('.mlecw-log .mlecw-item-bot').length > n &&
                !document.querySelector('.mlecw-log .mlecw-typing')""",
        arg=before,
        timeout=timeout,
    )
    return [flat(text) for who, text in messages(page) if who == "bot"][before:]


def wait_until_images_settled(page: Page) -> None:
    """Every image on the page has loaded or failed, so any onerror/onload handler has had its turn."""
    page.wait_for_function("() => Array.from(document.images).every(image => image.complete)")
    page.evaluate("() => new Promise(resolve => setTimeout(resolve, 0))")  # let queued events run


def assert_real_answer(texts: list[str]) -> str:
    text = " ".join(texts)
    assert text.strip(), "the bot reply is empty"
    assert "sorry" not in text.lower(), f"the bot apologised instead of answering: {text[:300]}"
    return text


def show_last_question(page: Page) -> None:
    """Scrolls the log so the last question and the start of its answer are in the screenshot."""
    page.evaluate("""() => {
        const log = document.querySelector('.mlecw-log');
        const asked = log.querySelectorAll('.mlecw-item-user');
        const last = asked[asked.length - 1];
        if (last) log.scrollTop += last.getBoundingClientRect().top - log.getBoundingClientRect().top - 8;
    }""")


def open_with_click(page: Page) -> None:
    page.locator(LAUNCHER).click()
    expect(page.locator(PANEL)).to_be_visible()
    expect(page.get_by_label(INPUT_LABEL)).to_be_focused()


def ask(page: Page, text: str) -> list[str]:
    before = bot_count(page)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(text)
    box.press("Enter")
    return wait_for_bot_reply(page, before)


def expected_reply(reader: KnowledgeReader, suggestion: Suggestion) -> Reply | None:
    """What the knowledge layer says for a quick reply, for the suggestions a skills answer offers."""
    role = suggestion.entities.get("role")
    if suggestion.intent == "ask_skill_importance":
        return answers.skill_verdict(reader.skill_verdict(role, suggestion.entities["skill"]))
    if suggestion.intent == "ask_how_to_become":
        return answers.career(reader.career_facts(role, "path"))
    return None


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
        if page.evaluate("() => document.activeElement && document.activeElement.matches('.mlecw-launcher')"):
            break
    else:
        pytest.fail("Tab never reached the chat launcher")
    expect(launcher).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator(PANEL)).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    box = page.get_by_label(INPUT_LABEL)
    expect(box).to_be_focused()

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


def test_open_panel_fits_a_360px_screen(ui: UI) -> None:
    page = ui.page(viewport={"width": 360, "height": 740})
    open_with_click(page)
    assert_real_answer(ask(page, QUESTION))
    for selector in (PANEL, LOG, ".mlecw-form", ".mlecw-send"):
        box = page.locator(selector).bounding_box()
        assert box is not None, f"{selector} is not rendered"
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360 + 0.5, f"{selector} is wider than the screen: {box}"
        assert box["y"] >= 0 and box["y"] + box["height"] <= 740 + 0.5, f"{selector} is taller than the screen: {box}"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360, "the page scrolls sideways"
    assert page.evaluate(
        "() => { const l = document.querySelector('.mlecw-log'); return l.scrollWidth <= l.clientWidth + 1; }"
    ), "the answer overflows the message log sideways"
    show_last_question(page)
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


def test_unconfigured_origin_is_refused(ui: UI, stack: BrowserStack) -> None:
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

    page = ui.page(stack.unlisted_page_port)
    open_with_click(page)
    notice = page.locator(NOTICE)
    expect(notice).to_contain_text(OFFLINE_TEXT, timeout=15_000)
    box = page.get_by_label(INPUT_LABEL)
    box.fill(QUESTION)
    # Wait until the widget has tried the server again and the browser refused it.
    with page.expect_event(
        "requestfailed", predicate=lambda request: request.url.startswith(stack.server_url), timeout=30_000
    ):
        box.press("Enter")
    expect(notice).to_contain_text(OFFLINE_TEXT)
    expect(box).to_have_value(QUESTION)
    expect(page.locator(USER_ITEMS)).to_have_count(0)
    assert bot_count(page) == 1, "only the greeting: no reply may arrive on a refused origin"
    # The browser itself refuses to hand over the server's answer.
    seen = page.evaluate(BROWSER_FETCH, [stack.webhook_url, "hello"])
    assert "error" in seen and "status" not in seen, f"a page on {refused} could read the reply: {seen}"
    ui.screenshot(page)


def test_offline_notice_then_recovery_when_the_server_is_back(
    ui: UI, stack: BrowserStack, reader: KnowledgeReader, capsys: pytest.CaptureFixture[str]
) -> None:
    first_skill = reader.role_skills("mle").links[0].skill.name
    page = ui.page()
    open_with_click(page)
    notice = page.locator(NOTICE)
    expect(notice).to_have_text("")
    # Every text the notice shows, so a short "Back online" cannot be missed.
    page.evaluate("""() => {
        const notice = document.querySelector('.mlecw-panel [role=status]');
        window.__notices = [];
        new MutationObserver(() => window.__notices.push(notice.textContent))
            .observe(notice, {childList: true, characterData: true, subtree: true});
    }""")

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
