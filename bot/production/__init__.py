"""The production stack on one machine: PostgreSQL, Redis, several Rasa and action servers behind nginx."""
