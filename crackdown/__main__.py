"""``python -m crackdown`` is the ``crackdown`` command."""

from crackdown.cli import cli

cli()
