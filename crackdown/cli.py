"""The ``crackdown`` command: one front door for every stage.

Each sub-command lives in ``crackdown/commands/<name>.py`` and builds its
:class:`~crackdown.settings.Settings` through :func:`settings_from` so that defaults,
``crackdown.toml``, ``CRACKDOWN_*`` variables and the command's own flags are merged
the same way everywhere.
"""

from __future__ import annotations

from typing import Any, Mapping

import click

from crackdown import __version__
from crackdown.settings import Settings, SettingsError, load_settings


class Context:
    """What the group passes to its commands: where the config file is."""

    def __init__(self, config: str | None):
        self.config = config

    def settings(self, overrides: Mapping[str, Any] | None = None) -> Settings:
        try:
            return load_settings(self.config, overrides)
        except SettingsError as exc:
            raise click.UsageError(str(exc)) from None


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    """Settings for a command: ``overrides`` are its flags as dotted keys (``None`` = not given)."""
    root = ctx.find_object(Context) or Context(None)
    return root.settings({k.replace("__", "."): v for k, v in overrides.items()})


class Group(click.Group):
    """The command group; a database that is not crackdown's is a one-line error, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        from db.schema import NotACrackdownDatabase

        try:
            return super().invoke(ctx)
        except NotACrackdownDatabase as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="crackdown")
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    envvar="CRACKDOWN_CONFIG",
    help="TOML settings file (default: ./crackdown.toml when present).",
)
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Collect press releases about cybercrime crackdowns, extract their facts, publish them."""
    ctx.obj = Context(config)


def _register() -> None:
    from crackdown.commands import COMMANDS

    for command in COMMANDS:
        cli.add_command(command)


_register()
