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
]


def _rasa_s_own_error(result: dict[str, Any]) -> str | None:
    try:
        jsonschema.validate(result, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return str(error.message)
    return None


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
