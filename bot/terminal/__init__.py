"""The terminal chat of `make chat`: the web channel of a Rasa server, rendered for a terminal."""
