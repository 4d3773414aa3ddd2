"""Rasa custom actions: thin adapters between the conversation and the knowledge layer in `bot`."""
