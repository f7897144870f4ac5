"""The Chinese fact benchmark: the stage beside the bare segmenter on the same texts (no speed asserted)."""

import subprocess
import sys

from crackdown.bench.facts_zh_speed import run_with
from crackdown.settings import load_settings

TEXTS = [
    "浙江省温州市公安局抓获电信网络诈骗犯罪嫌疑人32名，涉案金额3000余万元。",
    "缅北电诈团伙12名犯罪嫌疑人被移交我方。法院以诈骗罪判处被告人有期徒刑十年。",
]


def test_rows_give_chars_per_second_and_the_ratio_to_the_bare_segmenter():
    rows = run_with(TEXTS, load_settings(environ={}), rounds=1)
    bare, stage = rows
    assert bare["unit"] == stage["unit"] == "chars/s" and bare["value"] > 0 and stage["value"] > 0
    assert stage["chars"] == sum(map(len, TEXTS)) and stage["articles"] == 2
    assert stage["ratio"] > 0 and "0.5" in stage["goal"]


def test_bench_command_offers_it():
    # in a subprocess: importing the command module here would change the CLI other test files load
    result = subprocess.run([sys.executable, "-m", "crackdown", "bench", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "facts-zh" in result.stdout
