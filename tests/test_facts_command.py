"""`crackdown facts` on files (JSON lines, errors per file) and on a database (idempotent)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crackdown.cli import cli

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIELDS = ["path", "lang", "relevant", "event_types", "amounts", "countries", "places", "charges", "counts", "legal_refs"]

HTML = """<!DOCTYPE html><html lang="en"><head><title>Two Charged in Wire Fraud Scheme</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Two Charged in Wire Fraud Scheme</h1>
<p>MEMPHIS, Tenn. – Two men were arrested and charged today with wire fraud and money laundering for a
scheme that took $2.5 million from retirees, the U.S. Attorney announced.</p>
<p>The men are accused of calling victims in Ohio and Kentucky and posing as bank employees. Investigators
said the money was moved to accounts in Canada.</p></article></body></html>"""

TXT = ("Escroquerie aux faux conseillers : quatre suspects interpellés à Lyon\n\n"
       "Quatre hommes ont été interpellés mardi à Lyon et mis en examen pour escroquerie en bande organisée. "
       "Ils auraient dérobé 300.000 euros à des retraités.")

SPANISH = "La policía detuvo ayer a dos hombres en Madrid por una estafa telefónica a personas mayores."


def lines(output):
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture
def files(tmp_path):
    paths = {}
    for name, content in [("release.html", HTML.encode()), ("note.txt", TXT.encode()), ("empty.txt", b""),
                          ("blob.txt", bytes(range(256)) * 4), ("nota.txt", SPANISH.encode())]:
        path = tmp_path / name
        path.write_bytes(content)
        paths[name] = str(path)
    return paths


def test_files_one_line_each_in_input_order(files):
    order = ["release.html", "empty.txt", "note.txt", "blob.txt", "nota.txt"]
    result = CliRunner().invoke(cli, ["facts", *[files[n] for n in order]])
    assert result.exit_code == 0, result.output
    out = lines(result.output)
    assert [o["path"] for o in out] == [files[n] for n in order]

    html, empty, txt, blob, spanish = out
    assert list(html) == FIELDS
    assert html["lang"] == "en" and html["relevant"] is True
    assert {"arrest", "charge"} <= set(html["event_types"])
    assert {"fraud", "money_laundering"} <= set(html["charges"])
    assert {"name": "Memphis", "country": "US"} in html["places"]
    assert {"name": "Tennessee", "country": "US"} in html["places"]
    assert {"US", "CA"} <= set(html["countries"])

    assert txt["lang"] == "fr" and txt["charges"] == ["fraud"]
    assert {"name": "Lyon", "country": "FR"} in txt["places"]
    assert "arrest" in txt["event_types"]

    assert set(empty) == {"path", "error"} and empty["error"]
    assert set(blob) == {"path", "error"} and "binary" in blob["error"]

    assert spanish["lang"] == "es" and spanish["relevant"] is False
    assert all(spanish[k] == [] for k in FIELDS[3:])


def test_forced_language(files):
    result = CliRunner().invoke(cli, ["facts", "--lang", "fr", files["nota.txt"]])
    assert lines(result.output)[0]["lang"] == "fr"


def test_exit_code_only_when_every_file_failed(files, tmp_path):
    result = CliRunner().invoke(cli, ["facts", files["empty.txt"], str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert [set(o) for o in lines(result.output)] == [{"path", "error"}] * 2


def test_a_directory_is_one_error_line_and_the_good_file_is_read(files, tmp_path):
    """As with `crackdown text`: a directory is a bad input like any other, not a usage error."""
    folder = tmp_path / "somedir"
    folder.mkdir()
    result = CliRunner().invoke(cli, ["facts", files["note.txt"], str(folder)])
    assert result.exit_code == 0, result.output
    good, bad = lines(result.output)
    assert good["path"] == files["note.txt"] and good["lang"] == "fr"
    assert set(bad) == {"path", "error"} and bad["path"] == str(folder)
    assert "directory" in bad["error"]
    alone = CliRunner().invoke(cli, ["facts", str(folder)])
    assert alone.exit_code == 1 and [set(o) for o in lines(alone.output)] == [{"path", "error"}]


def _dump(db):
    tables = ["places", "countries", "charges", "event_types", "amounts", "counts", "legal_refs", "relevance"]
    return {t: [tuple(r) for r in db.execute(f"SELECT * FROM [{t}] ORDER BY 1, 2").fetchall()] for t in tables}


def test_database_twice_gives_the_same_rows(tmp_path):
    from db.store import open_db, upsert_article

    path = tmp_path / "facts.db"
    db = open_db(path)
    first, _ = upsert_article(db, {"url": "https://example.org/a", "title": "Two Charged in Wire Fraud Scheme",
                                   "text": "MEMPHIS, Tenn. – Two men were arrested and charged today with wire fraud.",
                                   "lang": "en"})
    upsert_article(db, {"url": "https://example.org/b", "title": "Réseau démantelé", "lang": "fr",
                        "text": "Le réseau a été démantelé à Lyon et trois suspects ont été interpellés."})
    db.conn.close()

    runner = CliRunner()
    result = runner.invoke(cli, ["facts", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.output.splitlines()[-1]
    db = open_db(path)
    once = _dump(db)
    names = {r[0] for r in db.execute("SELECT name FROM places WHERE article_id = ?", [first])}
    assert {"Memphis", "Tennessee"} <= names
    sentence = db.execute("SELECT sentence FROM charges WHERE article_id = ?", [first]).fetchone()[0]
    assert "wire fraud" in sentence
    assert db.execute("SELECT relevant FROM relevance WHERE article_id = ?", [first]).fetchone()[0] == 1
    db.conn.close()

    again = runner.invoke(cli, ["facts", "--db", str(path)])
    assert "0 articles" in again.output.splitlines()[-1]
    forced = runner.invoke(cli, ["facts", "--db", str(path), "--all", "--limit", "5"])
    assert "2 articles" in forced.output.splitlines()[-1]
    db = open_db(path)
    assert _dump(db) == once


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is absent")
def test_shared_seeds():
    seeds = sorted(str(p) for p in (SHARED / "seeds").glob("*.txt"))[:2]
    result = CliRunner().invoke(cli, ["facts", *seeds])
    assert result.exit_code == 0
    out = lines(result.output)
    assert len(out) == 2
    for line in out:
        assert list(line) == FIELDS
        assert line["lang"] == "fr" and line["relevant"] is True
        assert "CN" in line["countries"] and line["places"] and line["charges"] and line["event_types"]


def test_database_spans_point_into_the_article_text(tmp_path):
    """Facts are read from title + text, but stored offsets must index articles.text."""
    from db.store import open_db, upsert_article

    db_path = tmp_path / "spans.db"
    db = open_db(db_path)
    text = ("  LYON, France - Police in Lyon arrested four suspects on Tuesday.\n\n"
            "The group stole $2.5 million from elderly victims through a wire fraud scheme.")
    upsert_article(db, {"url": "http://127.0.0.1/spans", "title": "Four arrested in Lyon",
                        "text": text, "lang": "en", "extraction_version": 1})
    result = CliRunner().invoke(cli, ["facts", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    db = open_db(db_path)
    stored = db["articles"].get(1)["text"]
    rows = [r for t in ("amounts", "places", "counts", "charges") for r in db[t].rows]
    in_body = [r for r in rows if r["span_start"] is not None]
    assert in_body, "some facts come from the body"
    for row in in_body:
        assert stored[row["span_start"]:row["span_end"]] == row["text"]
        assert stored[row["sentence_start"]:row["sentence_end"]] == row["sentence"]
    assert all(r["sentence"] for r in rows), "title facts keep their sentence (the title)"
