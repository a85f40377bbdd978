"""Command line: `python -m easytrack <command>` (see `--help`)."""

from easytrack.cli import main

raise SystemExit(main())
