"""The website side: the widget's Rasa channel, the widget assets and the demo page."""
