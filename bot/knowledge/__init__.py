"""The knowledge layer: database models, content loader and queries. Imports nothing from Rasa."""
