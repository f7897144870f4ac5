"""``crackdown bench``: the benchmarks, each figure beside its baseline from the same run."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import click

from crackdown.cli import settings_from

BENCHMARKS = {
    "facts": "crackdown.bench.facts_speed",
    "facts-zh": "crackdown.bench.facts_zh_speed",
    "text": "crackdown.bench.text_speed",
    "crawl": "crackdown.bench.crawl_speed",
    "serve": "crackdown.bench.serve_speed",
}


@click.command()
@click.option("--shared", type=click.Path(file_okay=False), default="../shared", show_default=True)
@click.option("--only", multiple=True, type=click.Choice(sorted(BENCHMARKS)), help="Run only these benchmarks.")
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON lines.")
@click.pass_context
def bench(ctx: click.Context, shared: str, only: tuple[str, ...], as_json: bool) -> None:
    """Run the benchmarks on ../shared material and print a table."""
    settings = settings_from(ctx)
    shared_dir = Path(shared)
    if not (shared_dir / "corpus").is_dir():
        raise click.UsageError(f"{shared_dir} has no corpus/: the benchmarks read ../shared")
    rows = []
    for name in only or BENCHMARKS:
        try:
            module = importlib.import_module(BENCHMARKS[name])
        except ModuleNotFoundError as exc:
            if exc.name != BENCHMARKS[name]:
                raise
            click.echo(f"bench: {name}: not available yet", err=True)
            continue
        click.echo(f"bench: running {name} ...", err=True)
        rows.extend(module.run(shared_dir, settings))
    if as_json:
        for row in rows:
            click.echo(json.dumps(row))
        return
    width = max((len(r["benchmark"]) for r in rows), default=10)
    for row in rows:
        extra = "  ".join(f"{k}={v}" for k, v in row.items() if k not in {"benchmark", "value", "unit"})
        click.echo(f"{row['benchmark']:<{width}}  {row['value']:>12} {row['unit']:<10} {extra}")
