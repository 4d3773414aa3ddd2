"""`/feedback` from any channel (the way `rasa shell` users vote): stored like the widget's votes."""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache

from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from bot.answers import UNAVAILABLE_RESPONSE
from bot.feedback_command import FeedbackCommand, read_feedback_command
from bot.feedback_store import FeedbackError, FeedbackStore, FeedbackStoreUnavailable, answers_in
from bot.settings import load_settings

logger = logging.getLogger(__name__)

THANKS_RESPONSE = "utter_feedback_thanks"
ASK_RESPONSE = "utter_feedback_ask"
NO_ANSWER_RESPONSE = "utter_feedback_no_answer"
INVALID_RESPONSE = "utter_feedback_invalid"


@lru_cache(maxsize=1)
def feedback_store() -> FeedbackStore:
    return FeedbackStore(load_settings().conversation_store_url)


class ActionRecordFeedback(Action):
    """Records a vote on the latest answer of the conversation; with no rating, asks for one."""

    def name(self) -> str:
        return "action_record_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        given = answers_in([event for event in tracker.events if isinstance(event, dict)])
        message = tracker.latest_message if isinstance(tracker.latest_message, dict) else {}
        command = read_feedback_command(message.get("text")) or FeedbackCommand()
        rating, reason = command.rating, command.reason
        if not given:
            dispatcher.utter_message(response=NO_ANSWER_RESPONSE)
        elif command.asks_for_rating:
            dispatcher.utter_message(response=ASK_RESPONSE)
        else:
            channel = tracker.get_latest_input_channel() or "unknown"
            try:
                await asyncio.to_thread(feedback_store().record, tracker.sender_id, given[-1], rating, reason, channel)
            except FeedbackError:
                dispatcher.utter_message(response=INVALID_RESPONSE)
            except FeedbackStoreUnavailable:
                logger.exception("storing feedback failed")
                dispatcher.utter_message(response=UNAVAILABLE_RESPONSE)
            else:
                dispatcher.utter_message(response=THANKS_RESPONSE)
        return []
