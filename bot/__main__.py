import sys

try:
    from bot.cli import main

    sys.exit(main())
except KeyboardInterrupt:
    # Ctrl-C before a command has set up its own handling (while Python imports): leave quietly.
    sys.exit(130)
