#!/usr/bin/env python
"""Django's command-line utility for civicgrid (the installed `civicgrid` command does the same)."""

from civicgrid.cli import main

if __name__ == "__main__":
    main()
