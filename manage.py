#!/usr/bin/env python3
"""Django's manage.py; `kabar` (kabar/cli.py) is the same with friendlier errors."""

from kabar.cli import main

if __name__ == "__main__":
    main()
