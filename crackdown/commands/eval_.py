"""``crackdown eval``: score the extractors against hand-made gold files.

``eval facts`` scores the fact extractor on every development gold file at once (by default
each ``../shared/gold/dev*.jsonl``, restricted to the languages the extractor has a pipeline
for) and prints one column per file, per language and overall; ``--check`` fails on a floor
of ``extract/facts/floors.json``; ``--lofo`` shows what the data entries only one file
supports carry (:mod:`extract.facts.provenance`). The logic lives in
:mod:`extract.facts.evaluation`; this module parses options and prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from crackdown.cli import settings_from
from datasette_plugins.accuracy import SCORES_PATH

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_GOLD_DIR = REPO_ROOT.parent / "shared" / "gold"


@click.group(name="eval")
def eval_() -> None:
    """Score the extractors against gold files."""


@eval_.command("facts")
@click.argument("gold", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "langs", multiple=True,
              help="Only gold documents in this language (repeatable; default: every language with a fact pipeline).")
@click.option("--by-doc", is_flag=True, help="Also print each document's missing and spurious items.")
@click.option("--detail", is_flag=True, help="Also print precision, recall and counts per file.")
@click.option("--check", is_flag=True, help="Exit 1 when a file scores below a floor of extract/facts/floors.json.")
@click.option("--lofo", is_flag=True,
              help="Leave one file out: re-score without the data entries that only one file's documents contain.")
@click.option("--json", "as_json", is_flag=True, help="Print machine-readable scores.")
@click.option("--write-scores", "scores_path", default=None, type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the scores per field and language to this JSON file; the /-/cite page shows "
                   f"datasette_plugins/{SCORES_PATH.name}.")
@click.pass_context
def facts(ctx: click.Context, gold: tuple[Path, ...], langs: tuple[str, ...], by_doc: bool, detail: bool,
          check: bool, lofo: bool, as_json: bool, scores_path: Path | None) -> None:
    """Score `crackdown facts` against GOLD files (default: every ../shared/gold/dev*.jsonl)."""
    from extract.facts import evaluation, gold as gold_files
    from extract.facts.pipeline import FactExtractor

    settings = settings_from(ctx)
    paths = list(gold) or gold_files.gold_files(DEFAULT_GOLD_DIR)
    if not paths:
        raise click.UsageError(f"no gold files given and none found in {DEFAULT_GOLD_DIR}")
    for path in paths:
        if not path.is_file():
            raise click.UsageError(f"gold file not found: {path}")
    extractor = FactExtractor.from_settings(settings)
    wanted = list(langs) or list(extractor.languages)
    try:
        result = evaluation.evaluate(paths, extractor, langs=wanted)
    except gold_files.GoldError as exc:
        raise click.ClickException(str(exc)) from None
    if not result.files:
        raise click.ClickException(f"no gold document in {', '.join(wanted)} in {', '.join(map(str, paths))}")
    if scores_path is not None:
        from datasette_plugins.accuracy import scores_record, write_scores
        from extract.facts.pipeline import FACTS_VERSION

        write_scores(scores_record(result, FACTS_VERSION), Path(scores_path))
        click.echo(f"scores written to {scores_path}", err=True)
    if as_json:
        out = result.as_dict()
        if by_doc:
            out["by_doc"] = {f.name: [d.as_dict() for d in f.scores.docs if not d.empty] for f in result.files}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        if by_doc:
            for f in result.files:
                click.echo(by_doc_report(f.scores))
        if detail:
            for f in result.files:
                click.echo(f"== {f.name}\n{scoring_table(f.scores)}\n")
        click.echo(evaluation.format_columns(result))
    if lofo:
        from extract.facts import provenance

        click.echo("")
        click.echo(provenance.format_lofo(provenance.leave_one_file_out(paths, wanted, baseline=result)))
    if check:
        problems = evaluation.floor_failures(result, evaluation.load_floors())
        for line in problems:
            click.echo(f"below floor: {line}", err=True)
        if problems:
            ctx.exit(1)


def by_doc_report(scores) -> str:
    lines = []
    for d in scores.docs:
        if d.empty:
            continue
        lines.append(f"== {d.id}")
        for kind, items in (("-", d.missing), ("+", d.spurious)):
            for name, values in items.items():
                for v in values:
                    lines.append(f"  {kind} {name}: {json.dumps(v, ensure_ascii=False)}")
        for w in d.wrong_roles:
            lines.append(f"  ~ role: {w['text']!r} gold={w['gold']} predicted={w['predicted']}")
        if d.relevance:
            lines.append(f"  ~ relevant: gold={d.relevance[0]} predicted={d.relevance[1]}")
    return "\n".join(lines) + "\n"


def scoring_table(scores) -> str:
    from extract.facts.scoring import format_table

    return format_table(scores)


try:  # ``eval text`` lives with the text stage
    from crackdown.commands.eval_text import text_command
except ImportError:  # pragma: no cover - the text stage's command not there yet
    text_command = None
if text_command is not None:
    eval_.add_command(text_command)
