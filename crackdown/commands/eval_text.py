"""``crackdown eval text``: this text stage vs bare trafilatura on three public benchmarks."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click


@click.command("text")
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder holding corpus/ (default: ../shared next to the checkout).")
@click.option("--processes", "-j", type=int, default=2, show_default=True, help="Worker processes.")
@click.option("--limit", type=int, default=None, help="Only the first N pages of each benchmark (quick look).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON instead of a table.")
def text_command(shared: Path | None, processes: int, limit: int | None, as_json: bool) -> None:
    """Score text extraction (ours and bare trafilatura, same run) and check the pinned floors."""
    from extract import text_eval

    shared = shared or text_eval.SHARED
    if not (shared / "corpus").is_dir():
        raise click.UsageError(f"no benchmark corpora under {shared}/corpus")
    started = time.monotonic()
    scores = text_eval.evaluate(shared, processes=processes, limit=limit)
    if as_json:
        click.echo(json.dumps(scores, indent=2))
    else:
        click.echo(text_eval.table(scores))
        click.echo(f"({time.monotonic() - started:.0f} s)")
    problems = [] if limit else text_eval.failures(scores, text_eval.load_floors())
    for problem in problems:
        click.echo(f"FAIL {problem}", err=True)
    if problems:
        raise SystemExit(1)
