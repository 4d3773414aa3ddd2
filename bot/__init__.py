"""MLE career assistant: knowledge layer, command line and web assets."""
