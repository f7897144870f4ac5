import pytest

from crackdown.settings import Settings, SettingsError, load_settings


def test_defaults_without_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    assert settings == Settings()
    assert settings.crawl.obey_robots is True
    assert settings.crawl.concurrent_per_host <= 2
    assert "crackdown" in settings.crawl.user_agent and "http" in settings.crawl.user_agent


def test_layers_override_in_order(tmp_path):
    config = tmp_path / "crackdown.toml"
    config.write_text('db = "from-file.db"\n[crawl]\ndownload_delay = 3\nretry_times = 5\n[serve]\nport = 9000\n')
    environ = {"CRACKDOWN_CRAWL__DOWNLOAD_DELAY": "0.5", "CRACKDOWN_SERVE__PORT": "9100"}
    settings = load_settings(config, {"serve.port": 9200, "db": None}, environ=environ)
    assert str(settings.db) == "from-file.db"  # file, not overridden (None flag is "not given")
    assert settings.crawl.retry_times == 5  # file
    assert settings.crawl.download_delay == 0.5  # environment beats file
    assert settings.serve.port == 9200  # flag beats environment
    assert settings.config_file == config


def test_config_file_from_environment(tmp_path):
    config = tmp_path / "other.toml"
    config.write_text("[facts]\nbatch_size = 4\n")
    settings = load_settings(environ={"CRACKDOWN_CONFIG": str(config)})
    assert settings.facts.batch_size == 4


def test_typo_in_config_names_the_key_and_suggests(tmp_path):
    config = tmp_path / "crackdown.toml"
    config.write_text("[crawl]\ndownload_dealy = 3\n")
    with pytest.raises(SettingsError, match=r"crawl\.download_dealy.*did you mean 'crawl\.download_delay'"):
        load_settings(config, environ={})


def test_bad_value_is_a_clear_error(tmp_path):
    with pytest.raises(SettingsError, match="crawl.obey_robots: 'maybe' is not a valid bool"):
        load_settings(environ={"CRACKDOWN_CRAWL__OBEY_ROBOTS": "maybe"})


def test_broken_toml_names_the_file(tmp_path):
    config = tmp_path / "crackdown.toml"
    config.write_text("[crawl\n")
    with pytest.raises(SettingsError, match="crackdown.toml"):
        load_settings(config, environ={})


def test_missing_config_file(tmp_path):
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", environ={})


def test_unknown_section(tmp_path):
    with pytest.raises(SettingsError, match="unknown setting 'crawll'"):
        load_settings(environ={"CRACKDOWN_CRAWLL__DOWNLOAD_DELAY": "1"})
