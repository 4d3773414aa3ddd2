"""What the web widget gets from the server (sources, welcome, one greeting) and votes on answers,
stored from the web channel's endpoint and from `/feedback`, against a real Rasa and action server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.feedback_store import FeedbackStore
from bot.knowledge import models
from bot.knowledge.queries import KnowledgeReader
from bot.settings import PROJECT_ROOT, load_settings

pytestmark = pytest.mark.rasa_model

DOMAIN = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
QUESTION = "what skills does an MLE need?"
REFUSED_ORIGIN = "http://not-allowed.example"


def http(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


class Stack:
    def __init__(self, url: str) -> None:
        self.url = url

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        status, _, replies = http("POST", f"{self.url}/webhooks/web/webhook", {"sender": sender, "message": message})
        assert status == 200, replies
        return list(replies)

    def vote(self, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        status, _, answer = http("POST", f"{self.url}/webhooks/web/feedback", body, headers)
        return status, answer


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from benchmarks.servers import running_servers

    with running_servers(tmp_path_factory.mktemp("feedback-logs")) as servers:
        yield Stack(servers.rasa.url)


def votes() -> FeedbackStore:
    return FeedbackStore(load_settings().conversation_store_url)


def answered(stack: Stack, sender: str, question: str = QUESTION) -> dict[str, Any]:
    replies = stack.say(sender, question)
    assert len(replies) == 1, replies
    return replies[0]


def test_an_answer_on_the_web_lists_the_works_its_facts_cite(stack: Stack, reader: KnowledgeReader) -> None:
    reply = answered(stack, str(uuid.uuid4()))
    assert reply["answer_kind"] == "answer" and reply["fact_ids"]
    assert len(reply["answer_id"]) == 32
    session = reader._session
    cited: dict[str, models.Source] = {}
    for fact_id in reply["fact_ids"]:
        fact = session.get(models.Fact, fact_id)
        assert fact is not None
        for citation in fact.citations:
            cited.setdefault(citation.source.id, citation.source)
    expected = [
        {
            "number": number,
            "title": f"{source.title} ({source.publisher})" if source.publisher else source.title,
            "url": source.url,
        }
        for number, source in enumerate(cited.values(), start=1)
    ]
    assert reply["sources"] == expected
    assert any(source["url"] for source in reply["sources"]), "no source of this answer has a link"
    # The widget lists the sources itself, so the text does not.
    assert reply["text"].startswith("Skills machine learning engineers need:")
    assert not [line for line in reply["text"].splitlines() if line.startswith(("Source:", "Sources:"))]


def test_the_welcome_has_the_greeting_and_three_starters_that_each_get_an_answer(stack: Stack) -> None:
    status, _headers, welcome = http("GET", f"{stack.url}/webhooks/web/welcome")
    assert status == 200
    assert welcome["text"] == DOMAIN["responses"]["utter_welcome"][0]["text"]
    assert len(welcome["suggestions"]) == 3
    sender = str(uuid.uuid4())
    for starter in welcome["suggestions"]:
        reply = answered(stack, sender, starter["payload"])
        assert reply["answer_kind"] == "answer", (starter, reply["text"])
        assert reply["fact_ids"]


def test_a_site_that_is_not_allowed_is_told_so_and_can_read_it(stack: Stack) -> None:
    allowed = load_settings().cors_origins[0]
    status, headers, _welcome = http("GET", f"{stack.url}/webhooks/web/welcome", headers={"Origin": allowed})
    assert status == 200 and headers.get("Access-Control-Allow-Origin") == allowed
    status, headers, refused = http("GET", f"{stack.url}/webhooks/web/welcome", headers={"Origin": REFUSED_ORIGIN})
    assert status == 403
    assert refused["error"] == "origin_not_allowed" and "not allowed" in refused["text"]
    assert headers.get("Access-Control-Allow-Origin") == REFUSED_ORIGIN


def test_hi_after_the_welcome_is_not_a_second_welcome(stack: Stack) -> None:
    _, _, welcome = http("GET", f"{stack.url}/webhooks/web/welcome")
    reply = answered(stack, str(uuid.uuid4()), "hi")
    assert reply["text"] != welcome["text"]
    assert "I'm the MLE career assistant" not in reply["text"]
    assert len(reply["text"]) < len(welcome["text"]) / 2


def test_a_vote_from_the_web_is_stored_with_the_question_and_the_answer_s_facts(stack: Stack) -> None:
    sender = str(uuid.uuid4())
    reply = answered(stack, sender)
    status, body = stack.vote({"sender": sender, "answer_id": reply["answer_id"], "rating": "up"})
    assert status == 200 and body["stored"] is True
    status, body = stack.vote(
        {"sender": sender, "answer_id": reply["answer_id"], "rating": "down", "reason": "too long"}
    )
    assert status == 200
    mine = [vote for vote in votes().all() if vote.conversation_id == sender]
    assert len(mine) == 1, "a second vote on one answer replaces the first"
    assert mine[0].question == QUESTION
    assert mine[0].fact_ids == tuple(reply["fact_ids"])
    assert (mine[0].rating, mine[0].reason, mine[0].channel) == ("down", "too long", "web")


def test_feedback_typed_as_a_command_is_stored_in_the_same_place(stack: Stack) -> None:
    sender = str(uuid.uuid4())
    first = answered(stack, sender)
    asked = stack.say(sender, "/feedback")
    assert [button["payload"] for button in asked[0]["buttons"]] == [
        '/feedback{"rating":"up"}',
        '/feedback{"rating":"down"}',
    ]
    thanks = stack.say(sender, "/feedback down wrong role")
    assert thanks[0]["text"] == DOMAIN["responses"]["utter_feedback_thanks"][0]["text"]
    mine = [vote for vote in votes().all() if vote.conversation_id == sender]
    assert [(vote.rating, vote.reason, vote.question) for vote in mine] == [("down", "wrong role", QUESTION)]
    assert mine[0].fact_ids == tuple(first["fact_ids"])


def test_feedback_before_any_answer_is_explained(stack: Stack) -> None:
    replies = stack.say(str(uuid.uuid4()), '/feedback{"rating": "up"}')
    assert replies[0]["text"] == DOMAIN["responses"]["utter_feedback_no_answer"][0]["text"]


def test_a_button_vote_after_an_answer_is_thanked_and_the_next_question_answered(stack: Stack) -> None:
    sender = str(uuid.uuid4())
    answered(stack, sender)
    thanks = stack.say(sender, '/feedback{"rating":"up"}')
    assert thanks[0]["text"] == DOMAIN["responses"]["utter_feedback_thanks"][0]["text"]
    follow_up = answered(stack, sender, "and a data scientist?")
    assert any(fact.startswith("role:data_scientist:skill:") for fact in follow_up["fact_ids"])


def test_bad_votes_get_a_clear_4xx_that_never_echoes_them(stack: Stack) -> None:
    sender = str(uuid.uuid4())
    reply = answered(stack, sender)
    good = {"sender": sender, "answer_id": reply["answer_id"], "rating": "up"}
    cases: list[tuple[Any, int]] = [
        ([good], 400),
        ("up", 400),
        ({**good, "sender": "default"}, 400),
        ({**good, "answer_id": "<script>"}, 400),
        ({**good, "rating": "<script>maybe"}, 400),
        ({**good, "rating": None}, 400),
        ({**good, "reason": ["<script>"]}, 400),
        ({**good, "reason": "<script>" * 100}, 413),
        ({**good, "answer_id": uuid.uuid4().hex}, 404),
        ({**good, "sender": str(uuid.uuid4())}, 404),  # another conversation's answer
    ]
    for body, expected in cases:
        status, answer = stack.vote(body)
        assert status == expected, (body, answer)
        assert answer["text"] and "<script>" not in json.dumps(answer)
    status, _, answer = http(
        "POST", f"{stack.url}/webhooks/web/feedback", b"not json", headers={"Content-Type": "text/plain"}
    )
    assert status == 415
    assert not [vote for vote in votes().all() if vote.conversation_id == sender]
