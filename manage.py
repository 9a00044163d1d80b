#!/usr/bin/env python
"""Django's command-line utility; `smartjustice` (smartjustice/cli.py) is the installed equivalent."""
import sys

from smartjustice.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
