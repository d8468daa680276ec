"""`python -m rashomon` runs the command line."""

from rashomon.cli import cli

cli()
