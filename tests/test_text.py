"""The text stage and ``crackdown text``: press-release cleanup, every file kind, bad input."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crackdown.cli import cli
from extract.text import EXTRACTION_VERSION, extract_text, sniff_kind

FIXTURES = Path(__file__).parent / "fixtures" / "text"
RELEASE = (FIXTURES / "press_release.html").read_bytes()

STORY = (
    "<p>Officers of the invented Riverside police arrested four people on Thursday in a fictional "
    "investment fraud that promised investors returns of thirty percent a month.</p>"
    "<p>The suspects ran call centres in two rented offices and moved the money through a chain of "
    "shell companies, according to a statement that exists only in this test.</p>"
    "<p>Prosecutors said the victims lost a combined 1.2 million dollars and that more arrests could follow.</p>"
)


def run(*args):
    result = CliRunner().invoke(cli, ["text", *map(str, args)])
    lines = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    return result, lines


def test_press_release_cleanup():
    result = extract_text(RELEASE, url="https://example.org/pr/three-charged")
    assert result.error is None
    assert result.title == "Three Charged in Invented Gift-Card Scheme"
    assert result.date == "2023-03-14"
    assert result.lang == "en"
    assert "cheated elderly victims out of more than $250,000" in result.text
    assert "Bureau of Consumer Protection" in result.text
    for junk in ("###", "Topic(s)", "Elder Justice", "Component(s)", "Press Release Number", "Privacy policy", "Share"):
        assert junk not in result.text, junk


def test_extraction_version_is_an_int():
    assert isinstance(EXTRACTION_VERSION, int) and EXTRACTION_VERSION >= 2


def test_sniff_kind():
    assert sniff_kind(RELEASE) == "html"
    assert sniff_kind(b"%PDF-1.4 ...") == "pdf"
    assert sniff_kind(b"plain words", filename="a.txt") == "text"
    assert sniff_kind(bytes(range(256)) * 4) == "binary"


def test_cli_one_line_per_file_in_order(tmp_path):
    html = tmp_path / "release.html"
    html.write_bytes(RELEASE)
    gz = tmp_path / "story.html.gz"
    gz.write_bytes(gzip.compress(f"<html><body><article>{STORY}</article></body></html>".encode()))
    txt = tmp_path / "note.txt"
    txt.write_text("Heading line is not special\nThe invented court sentenced a fraudster to five years.", "utf-8")
    result, lines = run(html, gz, txt)
    assert result.exit_code == 0
    assert [Path(r["path"]).name for r in lines] == ["release.html", "story.html.gz", "note.txt"]
    assert all(set(r) == {"path", "title", "date", "lang", "text"} for r in lines)
    assert lines[0]["date"] == "2023-03-14"
    assert "call centres in two rented offices" in lines[1]["text"]
    assert lines[2]["text"].startswith("Heading line is not special\n")
    assert lines[2]["lang"] == "en"


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.html", b"", "empty document"),
        ("scripts.html", b"<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>",
         "page has no visible text"),
        ("noise.html", bytes(range(256)) * 8, "binary content"),
        ("truncated.html.gz", gzip.compress(b"<html><body><p>cut short</p></body></html>" * 50)[:-30], "bad gzip file"),
        ("picture.png", b"\x89PNG\r\n\x1a\n", "unsupported file type"),
    ],
)
def test_bad_input_gives_an_error_line_and_the_batch_goes_on(tmp_path, name, content, reason):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.html"
    good.write_bytes(RELEASE)
    result, lines = run(bad, good)
    assert result.exit_code == 0, result.output
    assert len(lines) == 2
    assert reason in lines[0]["error"]
    assert "\n" not in lines[0]["error"]
    assert lines[0]["text"] == ""
    assert "error" not in lines[1]


def test_missing_file_is_an_error_line(tmp_path):
    good = tmp_path / "good.html"
    good.write_bytes(RELEASE)
    result, lines = run(tmp_path / "absent.html", good)
    assert result.exit_code == 0
    assert "error" in lines[0] and "error" not in lines[1]


def test_exit_non_zero_only_when_every_file_failed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    result, lines = run(empty)
    assert result.exit_code != 0
    assert lines[0]["error"] == "empty document"


def test_huge_page_is_handled(tmp_path):
    filler = "<div class='promo'><a href='/x'>link</a></div>\n" * 430_000  # about 20 MB
    page = f"<html><body><article>{STORY}</article>{filler}</body></html>".encode()
    assert len(page) > 20_000_000
    result = extract_text(page, filename="huge.html")
    assert result.error is None
    assert "1.2 million dollars" in result.text


def test_plain_text_first_line_is_not_special():
    result = extract_text("Première ligne\nLa gendarmerie a démantelé un réseau fictif d'escroquerie.".encode(), filename="a.txt")
    assert result.text.startswith("Première ligne\n")
    assert result.title is None
    assert result.lang == "fr"


def test_chinese_page_with_written_date():
    body = (
        "<html><head><meta charset='gbk'><title>虚构市警方破获诈骗案</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> | <a href='/news'>新闻</a></div>"
        "<h1>虚构市警方破获诈骗案</h1><div class='info'>2023年5月6日 10:30 来源：虚构日报</div>"
        "<div class='content'><p>近日，虚构市公安局成功破获一起电信网络诈骗案，抓获犯罪嫌疑人十二名，涉案金额三百余万元。</p>"
        "<p>经查，该团伙冒充客服人员，以退款为由诱骗受害人转账。目前，案件正在进一步审理中。</p></div>"
        "</body></html>"
    ).encode("gb18030")
    result = extract_text(body, filename="a.html")
    assert result.date == "2023-05-06"
    assert result.lang == "zh"
    assert "抓获犯罪嫌疑人十二名" in result.text


def _page(body: str, title: str = "Invented Ring of Card Skimmers Dismantled") -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def test_headline_related_lists_newsletters_and_credits_are_dropped():
    body = (
        "<article><h1>Invented Ring of Card Skimmers Dismantled</h1>" + STORY +
        "<p>Related: Invented police close a fake lottery call centre</p>"
        "<ul><li>Fictional bank warns of cloned cards</li><li>Made-up court jails phishing gang</li></ul>"
        "<p>Subscribe to our invented newsletter to get every story in your inbox.</p>"
        "<p>(Reporting by Imaginary Reporter; Editing by Someone Else)</p>"
        "<h3>You may also like...</h3><p>Another invented headline about a scam</p>"
        "</article>"
    )
    result = extract_text(_page(body), filename="a.html")
    assert result.title == "Invented Ring of Card Skimmers Dismantled"
    assert not result.text.startswith("Invented Ring"), result.text
    assert "1.2 million dollars" in result.text
    for junk in ("Related:", "cloned cards", "phishing gang", "newsletter", "Reporting by", "also like", "Another invented"):
        assert junk not in result.text, junk


def test_schema_org_metadata_blocks_are_not_text():
    meta = (
        "<div itemprop='publisher' itemscope><div itemprop='name'>Invented Gazette Holdings</div></div>"
        "<div itemprop='datePublished'>2023-04-05T09:30:00+02:00</div>"
    )
    result = extract_text(_page(f"<article>{STORY}{meta}</article>"), filename="a.html")
    assert "1.2 million dollars" in result.text
    assert "Invented Gazette Holdings" not in result.text and "09:30" not in result.text


def test_body_split_over_sibling_blocks_is_joined():
    """trafilatura alone keeps only the first block of such a page (checked when this was written)."""
    para = "<p>Paragraph {n} of the invented ruling explains, at some length and in plain words, how the made-up " \
           "defendants moved stolen card numbers through {n} shell firms before the fictional court stopped them.</p>"
    first = "".join(para.format(n=n) for n in range(1, 7))
    rest = "".join(para.format(n=n) for n in range(7, 17))
    body = (
        f"<main><div class='grid'><div class='body article__body'>{first}</div></div>"
        "<div class='ad'><span>Advertisement</span></div>"
        f"<div class='grid'><div class='body article__body'>{rest}</div></div></main>"
    )
    result = extract_text(_page(body), filename="a.html")
    assert "Paragraph 1 of" in result.text
    assert "Paragraph 16 of" in result.text
    assert result.text.count("Paragraph 3 of") == 1


def test_same_body_twice_is_not_joined():
    para = "<p>The invented tribunal fined a fictional broker for a made-up pump-and-dump scheme, in words {n}.</p>"
    copy = "".join(para.format(n=n) for n in range(8))
    body = f"<div class='article__body'>{copy}</div><div class='print'><div class='article__body'>{copy}</div></div>"
    result = extract_text(_page(body), filename="a.html")
    assert result.text.count("in words 5.") == 1


def test_story_in_one_cell_of_a_layout_table():
    story = " ".join(
        f"Sentence {n} of an invented report says the fictional bureau seized {n} servers used by a made-up fraud ring."
        for n in range(1, 15)
    )
    nav = "".join(f"<td><a href='/s{n}'>Section {n}</a></td>" for n in range(8))
    body = (
        f"<table><tr>{nav}</tr><tr><td>Home</td><td>{story}</td></tr>"
        "<tr><td>Contact</td><td>Imprint</td><td>Archive</td></tr></table>"
    )
    result = extract_text(_page(body, "Invented bureau report"), filename="a.html")
    assert "Sentence 14 of an invented report" in result.text
    assert "Section 3" not in result.text and "Imprint" not in result.text


def test_a_body_that_is_only_its_headline_is_kept():
    """The repeated-headline rule must not leave a one-line release with no text at all."""
    page = (b"<html><head><title>Invented agency launches an awareness campaign</title></head><body>"
            b"<p><a href='/campaign'>Invented agency launches an awareness campaign</a></p></body></html>")
    result = extract_text(page)
    assert result.error is None
    assert result.text == "Invented agency launches an awareness campaign"
