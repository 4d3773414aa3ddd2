"""Rasa custom actions: thin adapters between the conversation and the knowledge layer in `bot`."""

from bot import action_request_check

# The action server imports this package before it starts: its requests are checked from the first.
action_request_check.install()
