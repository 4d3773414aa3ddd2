"""What the web widget gets from the server (sources, welcome, one greeting) and votes on answers,
stored from the web channel's endpoint and from `/feedback`, against a real Rasa and action server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from email.message import Message
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


def http(method: str, url: str, body: Any = None, headers: dict[str, str] | None = None) -> tuple[int, Message, Any]:
    """A real HTTP request; the headers as received (a name sent twice shows up twice in get_all)."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.headers, json.loads(answer.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


class Stack:
    def __init__(self, url: str) -> None:
        self.url = url

    def say(self, sender: str, message: str) -> list[dict[str, Any]]:
        status, _, replies = http("POST", f"{self.url}/webhooks/web/webhook", {"sender": sender, "message": message})
        assert status == 200, replies
        return list(replies)

    def say_on_rest(self, sender: str, message: str) -> list[dict[str, Any]]:
        """Rasa's plain REST channel, the one `rasa shell` talks to."""
        status, _, replies = http("POST", f"{self.url}/webhooks/rest/webhook", {"sender": sender, "message": message})
        assert status == 200, replies
        return list(replies)

    def vote(self, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        status, _, answer = http("POST", f"{self.url}/webhooks/web/feedback", body, headers)
        return status, answer


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    from benchmarks.servers import running_servers

    # The plain REST channel too (loopback only), to compare with what `rasa shell` users get.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REST_CHANNEL", "on")
        with running_servers(tmp_path_factory.mktemp("feedback-logs")) as servers:
            yield Stack(servers.rasa.url)


def votes() -> FeedbackStore:
    return FeedbackStore(load_settings().conversation_store_url)


def answered(stack: Stack, sender: str, question: str = QUESTION) -> dict[str, Any]:
    replies = stack.say(sender, question)
    assert len(replies) == 1, replies
    return replies[0]


def cited_works(reader: KnowledgeReader, fact_ids: list[str]) -> list[models.Source]:
    """The works the facts cite, each once, in the order of the facts: read from the database's rows."""
    cited: dict[str, models.Source] = {}
    for fact_id in fact_ids:
        fact = reader._session.get(models.Fact, fact_id)
        assert fact is not None, fact_id
        for citation in fact.citations:
            cited.setdefault(citation.source.id, citation.source)
    return list(cited.values())


def title(source: models.Source) -> str:
    return f"{source.title} ({source.publisher})" if source.publisher else source.title


def test_an_answer_on_the_web_lists_the_works_its_facts_cite(stack: Stack, reader: KnowledgeReader) -> None:
    reply = answered(stack, str(uuid.uuid4()))
    assert reply["answer_kind"] == "answer" and reply["fact_ids"]
    assert len(reply["answer_id"]) == 32 and int(reply["answer_id"], 16) >= 0
    expected = [
        {"number": number, "title": title(source), "url": source.url}
        for number, source in enumerate(cited_works(reader, reply["fact_ids"]), start=1)
    ]
    assert reply["sources"] == expected
    assert any(source["url"] for source in reply["sources"]), "no source of this answer has a link"
    # The widget lists the sources itself, so the text does not.
    assert reply["text"].startswith("Skills machine learning engineers need:")
    assert not [line for line in reply["text"].splitlines() if line.startswith(("Source:", "Sources:"))]


def test_the_rest_channel_that_rasa_shell_uses_keeps_the_sources_line(stack: Stack, reader: KnowledgeReader) -> None:
    web = answered(stack, str(uuid.uuid4()))
    rest = stack.say_on_rest(str(uuid.uuid4()), QUESTION)
    text = "\n\n".join(message["text"] for message in rest)
    body, _, sources_line = text.rpartition("\n\n")
    works = cited_works(reader, web["fact_ids"])
    assert sources_line == "Sources: " + "; ".join(title(source) for source in works)
    assert body == web["text"]
    assert not [message for message in rest if "answer_id" in message or "sources" in message]


def test_a_merged_answer_lists_the_sources_of_all_its_parts_once(stack: Stack, reader: KnowledgeReader) -> None:
    # Two terms in one question: two answers merged into one reply with one combined sources list.
    [reply] = stack.say(str(uuid.uuid4()), "what is MLOps and what is a feature store?")
    assert {"term:mlops", "term:feature_store"} <= set(reply["fact_ids"])
    assert [(source["number"], source["title"]) for source in reply["sources"]] == [
        (number, title(source)) for number, source in enumerate(cited_works(reader, reply["fact_ids"]), start=1)
    ]
    assert reply["text"].startswith("MLOps\n") and "\n\nFeature store\n" in reply["text"]
    assert "Source:" not in reply["text"] and "Sources:" not in reply["text"]


def test_an_answer_without_suggestions_reaches_the_web_as_one_message(stack: Stack) -> None:
    # Rasa's collector split a reply without buttons into one message per paragraph.
    replies = stack.say(str(uuid.uuid4()), "what are the career levels?")
    assert len(replies) == 1, [reply.get("text", "")[:60] for reply in replies]
    [reply] = replies
    assert not reply.get("buttons") and reply["answer_kind"] == "answer" and reply["sources"]
    assert reply["text"].startswith("Career levels") and "\n\nIndividual contributor track:\n" in reply["text"]
    assert "Sources:" not in reply["text"] and "Source:" not in reply["text"]


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
    assert status == 200 and headers.get_all("Access-Control-Allow-Origin") == [allowed]
    status, headers, refused = http("GET", f"{stack.url}/webhooks/web/welcome", headers={"Origin": REFUSED_ORIGIN})
    assert status == 403
    assert refused == {"error": "origin_not_allowed", "text": "This site is not allowed to reach the assistant."}
    # Readable by the refused page (so the widget can say why), and by nothing else.
    assert headers.get_all("Access-Control-Allow-Origin") == [REFUSED_ORIGIN]
    assert headers.get("Access-Control-Allow-Credentials") is None and headers.get("Vary") == "Origin"


def test_votes_and_messages_keep_the_same_cors_origins(stack: Stack) -> None:
    allowed = load_settings().cors_origins[0]
    asks = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    for path in ("/webhooks/web/feedback", "/webhooks/web/webhook"):
        status, headers, _ = http("OPTIONS", f"{stack.url}{path}", headers={"Origin": allowed, **asks})
        assert status == 200 and headers.get_all("Access-Control-Allow-Origin") == [allowed], path
        assert "POST" in headers.get("Access-Control-Allow-Methods", "")
        status, headers, _ = http("OPTIONS", f"{stack.url}{path}", headers={"Origin": REFUSED_ORIGIN, **asks})
        assert headers.get("Access-Control-Allow-Origin") is None, path  # the browser sends nothing
    # A message sent anyway (no browser would) gets a reply no page of that origin may read.
    sender = str(uuid.uuid4())
    status, headers, _ = http(
        "POST", f"{stack.url}/webhooks/web/webhook", {"sender": sender, "message": "hi"}, {"Origin": REFUSED_ORIGIN}
    )
    assert status == 200 and headers.get("Access-Control-Allow-Origin") is None


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
    assert asked[0]["text"] == DOMAIN["responses"]["utter_feedback_ask"][0]["text"]
    assert "/feedback down" in asked[0]["text"], "says how to give a reason"
    assert [button["payload"] for button in asked[0]["buttons"]] == [
        '/feedback{"rating":"up"}',
        '/feedback{"rating":"down"}',
    ]
    thanks = stack.say(sender, "/feedback down wrong role")
    assert thanks[0]["text"] == DOMAIN["responses"]["utter_feedback_thanks"][0]["text"]
    mine = [vote for vote in votes().all() if vote.conversation_id == sender]
    assert [(vote.rating, vote.reason, vote.question) for vote in mine] == [("down", "wrong role", QUESTION)]
    assert mine[0].fact_ids == tuple(first["fact_ids"])


def test_feedback_typed_in_the_json_form_on_the_rest_channel_is_stored(stack: Stack) -> None:
    sender = str(uuid.uuid4())
    answer = stack.say_on_rest(sender, QUESTION)
    assert answer[0]["text"].startswith("Skills machine learning engineers need:")
    thanks = stack.say_on_rest(sender, '/feedback{"rating":"down","reason":"wrong role"}')
    assert thanks == [{"recipient_id": sender, "text": DOMAIN["responses"]["utter_feedback_thanks"][0]["text"]}]
    [vote] = [vote for vote in votes().all() if vote.conversation_id == sender]
    assert (vote.rating, vote.reason, vote.question, vote.channel) == ("down", "wrong role", QUESTION, "rest")
    assert vote.fact_ids and all(fact.startswith("role:mle:skill:") for fact in vote.fact_ids)


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
