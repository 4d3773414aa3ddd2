"""A typed "/restart" is confirmed, not met with silence."""

from __future__ import annotations

import asyncio

from rasa.core.actions.action import ActionRestart
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, Restarted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT


def test_rasa_s_restart_confirms_with_the_domain_s_response() -> None:
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    channel = CollectingOutputChannel()
    tracker = DialogueStateTracker.from_events("someone", [])
    events = asyncio.run(
        ActionRestart().run(channel, TemplatedNaturalLanguageGenerator(domain.responses), tracker, domain)
    )
    assert any(isinstance(event, Restarted) for event in events)
    said = [event.text for event in events if isinstance(event, BotUttered)]
    assert said == [domain.responses["utter_restart"][0]["text"]]
    assert "forgotten this conversation" in said[0]
