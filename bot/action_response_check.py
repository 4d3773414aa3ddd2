"""A faster check of the action server's responses, with the same rejections as Rasa's own.

Rasa 3.6 checks every response of the action server with `jsonschema.validate()`, which first checks
the response schema itself against JSON Schema's metaschema, on every call. Profiled with py-spy, that
re-check was about 78 % of the Rasa server's CPU on a turn that runs a custom action. Here the
validator is built once per process for the same schema, and errors are chosen the way
`jsonschema.validate()` chooses them (`best_match`), so an invalid response fails exactly as before.

Even built once, the check stayed near 9 % of a Rasa server's CPU on knowledge turns: each event is
tried against all 23 event schemas of a `oneOf`. Those schemas differ by the constant `event` name,
so an event can match only the one that carries its name; a valid response is therefore recognised
by checking each event against that schema alone. Anything that fails that check goes through the
full validator, which chooses the error, so rejections and their wording are unchanged.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def response_validator() -> Validator:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate() would on every call
    return cls(schema)


@lru_cache(maxsize=1)
def event_validators() -> tuple[Validator, dict[str, Validator]] | None:
    """A validator for the response without its events, and one per event name; None if the schema's
    event choices are not told apart by a constant name (then only the full check is used)."""
    schema = RemoteAction.action_response_format_spec()
    events = schema["properties"]["events"]
    items = events["items"]
    choices = items.get("oneOf", [])
    names = [choice.get("properties", {}).get("event", {}).get("const") for choice in choices]
    if not choices or not all(isinstance(name, str) for name in names) or len(set(names)) != len(names):
        return None
    if "event" not in items.get("required", ()) or items["properties"]["event"] != {"type": "string"}:
        return None
    cls = validator_for(schema)
    outer = {
        **schema,
        "properties": {**schema["properties"], "events": {k: v for k, v in events.items() if k != "items"}},
    }
    common = {key: value for key, value in items.items() if key != "oneOf"}
    return cls(outer), {name: cls({"allOf": [common, choice]}) for name, choice in zip(names, choices, strict=True)}


def _valid_by_event_name(result: Any) -> bool:
    validators = event_validators()
    if validators is None:
        return False
    outer, by_name = validators
    if not outer.is_valid(result):
        return False
    for event in result.get("events") or ():
        name = event.get("event") if isinstance(event, dict) else None
        validator = by_name.get(name) if isinstance(name, str) else None
        if validator is None or not validator.is_valid(event):
            return False
    return True


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """Drop-in replacement for `RemoteAction._validate_action_result`."""
    if _valid_by_event_name(result):
        return True
    error = best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    # Rasa's own wording, so logs read the same.
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Make every RemoteAction in this process use the check above; safe to call more than once."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[assignment]


__all__ = ["ValidationError", "event_validators", "install", "response_validator", "validate_action_result"]
