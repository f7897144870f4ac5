"""Publication dates from written text (several languages, CJK), bylines, metadata and URLs."""

from __future__ import annotations

import datetime as dt

from extract.dates import byline_date, choose_date, find_dates, url_date

TODAY = dt.date(2024, 1, 1)


def iso(text, lang=None):
    return [d for _, d in find_dates(text, lang, today=TODAY)]


def test_chinese_dates():
    assert iso("发布时间：2023年5月6日 10:30") == ["2023-05-06"]
    assert iso("2005年04月27日14:32 新浪网") == ["2005-04-27"]


def test_numeric_dates():
    assert iso("Posted 2021-1-29 13:18") == ["2021-01-29"]
    assert iso("am 03.11.2022 veröffentlicht") == ["2022-11-03"]
    assert iso("05/06/2023", "en") == ["2023-05-06"]
    assert iso("05/06/2023", "fr") == ["2023-06-05"]


def test_month_names_in_several_languages():
    assert iso("Tuesday, March 14, 2023") == ["2023-03-14"]
    assert iso("le 1er février 2022, à Paris") == ["2022-02-01"]
    assert iso("el 5 de mayo de 2021") == ["2021-05-05"]
    assert iso("14 Sept. 2020") == ["2020-09-14"]


def test_impossible_and_future_dates_are_ignored():
    assert iso("2023-02-30") == []
    assert iso("March 3, 2031") == []
    assert iso("version 1.2.1985 of the form") == []  # before MIN_YEAR


def test_url_date():
    assert url_date("https://example.org/news/2022/07/15/invented-story") == "2022-07-15"
    assert url_date("https://example.org/20050513/n1.shtml") == "2005-05-13"
    assert url_date("https://example.org/about") is None


def test_byline_date_prefers_the_date_next_to_the_headline():
    page = ("Home News 2019-01-01\nInvented Fraud Ring Broken Up\n2023-05-06 09:00 Example Daily\n"
            "Police dismantled a fictional ring on Friday.\nRelated: 2020-02-02 older story")
    main = "Police dismantled a fictional ring on Friday."
    assert byline_date(page, main, "Invented Fraud Ring Broken Up") == "2023-05-06"


def test_choose_date_falls_back_to_metadata_then_url():
    assert choose_date("no dates here", "no dates here", None, "2020-03-04", None) == "2020-03-04"
    assert choose_date("no dates here", "no dates here", None, None, "https://x.org/2021/06/07/a") == "2021-06-07"
