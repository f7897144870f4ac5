"""``crackdown config``: print the settings a run would use, after every layer."""

from __future__ import annotations

import json

import click

from crackdown.cli import settings_from


@click.command()
@click.pass_context
def config(ctx: click.Context) -> None:
    """Print the merged settings (defaults, crackdown.toml, environment) as JSON."""
    click.echo(json.dumps(settings_from(ctx).as_dict(), indent=2))
