"""The fast check of action server responses is what Rasa uses, and rejects exactly what Rasa rejected."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction

import bot.unanswered_turn_policy  # noqa: F401  (loading the model's policy installs the check)
from bot import action_response_check

VALID: dict[str, Any] = {
    "events": [{"event": "slot", "name": "last_topic", "value": "skills"}],
    "responses": [{"text": "Python is essential.", "buttons": []}],
}
INVALID: list[dict[str, Any]] = [
    {"events": "not a list", "responses": []},
    {"events": [{"event": 7}], "responses": []},
    {"events": [], "responses": "not a list"},
    {"events": [{"event": "slot", "name": "last_topic"}], "responses": []},  # a slot without its value
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"name": "last_topic", "value": "skills"}], "responses": []},  # no event name
    {"events": [{"event": ["slot"], "name": "x", "value": 1}], "responses": []},
    {"events": [{"event": "entities", "entities": [{"entity": "role"}]}], "responses": []},  # no value
    {"events": [{"event": "bot", "timestamp": "yesterday"}], "responses": []},
    {"events": [{"event": "user", "parse_data": {"intent": {"name": 3}}}], "responses": []},
    {"events": [{"event": "action", "hide_rule_turn": "yes"}], "responses": []},
    {"events": [{"event": "slot", "name": "x", "value": 1, "metadata": "m"}], "responses": []},
    {"events": ["slot"], "responses": []},
    {"events": None, "responses": []},
    {"events": [], "responses": ["text"]},
]
# What actions answer with: slots set, a follow-up action, bot messages, a restart, nothing at all.
ALSO_VALID: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {},
    {
        "events": [
            {"event": "slot", "name": "current_role", "value": "mle", "timestamp": None},
            {"event": "slot", "name": "discussed_roles", "value": ["mle", "data_scientist"]},
            {"event": "followup", "name": "action_listen"},
            {"event": "bot", "text": "Hello", "data": {"buttons": []}, "metadata": {"fact_ids": ["a"]}},
            {"event": "restart", "timestamp": 1.5},
            {"event": "entities", "entities": [{"entity": "role", "value": "mle", "role": None}]},
            {"event": "user", "text": "hi", "parse_data": {"intent": {"name": "greet", "confidence": 1.0}}},
        ],
        "responses": [{"text": "Python is essential.", "buttons": [{"title": "t", "payload": "/p"}]}],
    },
]


def _rasa_s_own_error(result: dict[str, Any]) -> str | None:
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return str(error.message)
    return None


@pytest.mark.parametrize("result", [VALID, *ALSO_VALID, *INVALID])
def test_checking_each_event_by_its_name_agrees_with_rasa_s_own_check(result: dict[str, Any]) -> None:
    assert action_response_check.event_validators() is not None, "the check by event name is not in use"
    assert action_response_check._valid_by_event_name(result) is (_rasa_s_own_error(result) is None)


def test_a_valid_response_is_accepted_without_the_full_check(monkeypatch: pytest.MonkeyPatch) -> None:
    def full_check() -> Any:
        raise AssertionError("a valid response went through the full check")

    monkeypatch.setattr(action_response_check, "response_validator", full_check)
    for result in [VALID, *ALSO_VALID]:
        assert RemoteAction("action_check_skill", None)._validate_action_result(result) is True


def test_loading_the_model_s_policy_switches_rasa_to_the_fast_check() -> None:
    assert RemoteAction._validate_action_result is action_response_check.validate_action_result


def test_a_valid_response_passes_without_re_checking_the_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    action_response_check.response_validator()  # built once per process
    schema_class = validator_for(RemoteAction.action_response_format_spec())

    def checked_again(schema: Any) -> None:
        raise AssertionError("the schema was checked again on a call")

    monkeypatch.setattr(schema_class, "check_schema", staticmethod(checked_again))
    action = RemoteAction("action_check_skill", None)
    for _ in range(3):
        assert action._validate_action_result(VALID) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_response_is_rejected_with_rasa_s_own_error(result: dict[str, Any]) -> None:
    expected = _rasa_s_own_error(result)
    assert expected is not None, "the case must be invalid for Rasa's own check too"
    with pytest.raises(jsonschema.ValidationError) as raised:
        RemoteAction("action_check_skill", None)._validate_action_result(result)
    assert raised.value.message.startswith(expected)
    assert "Failed to validate Action server response" in raised.value.message
