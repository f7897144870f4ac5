"""Chinese facts (issue #12): numerals, every field in simplified and traditional script, bad input."""

from __future__ import annotations

import pytest

from extract.facts.lang_zh import fold, parse_number
from extract.facts.pipeline import Document, FactExtractor, to_gold


@pytest.fixture(scope="module")
def extractor():
    return FactExtractor()


def facts(extractor, text):
    return to_gold(extractor.extract(Document(text=text, lang="zh")))


@pytest.mark.parametrize("written,value,approx", [
    ("3000余万", 30_000_000, True), ("百余", 100, True), ("1.2亿", 120_000_000, False), ("十一", 11, False),
    ("二百八十七", 287, False), ("2,129 万余", 21_290_000, True), (fold("３０００"), 3000, False),
    ("一百零五", 105, False), ("两千", 2000, False), ("1亿2000万", 120_000_000, False),
])
def test_numerals(written, value, approx):
    assert parse_number(written) == (value, approx)


def test_amounts_roles_and_scripts(extractor):
    got = facts(extractor, "长春警方破获诈骗案\n该团伙骗取群众3000余万元，警方冻结涉案资金1.2亿元。"
                           "另查明，香港警方扣押港幣500萬元，台湾检方追缴新臺幣３００萬元，涉案虚拟币20万USDT。")["amounts"]
    by = {(a["value"], a["currency"]): a for a in got}
    assert by[(30_000_000, "CNY")]["approx"] and by[(30_000_000, "CNY")]["role"] == "loss"
    assert by[(120_000_000, "CNY")]["role"] == "seized"
    assert (5_000_000, "HKD") in by and (3_000_000, "TWD") in by and (200_000, "USDT") in by


def test_amount_range_and_home_currency(extractor):
    got = facts(extractor, "台湾台北市警方破获诈骗集团\n台北警方查获该集团诈骗民众3至5万元不等。")["amounts"]
    assert {(a["value"], a["currency"]) for a in got} == {(30_000, "TWD"), (50_000, "TWD")}


def test_counts(extractor):
    got = facts(extractor, "警方抓获犯罪嫌疑人31名。另有22名嫌疑人被刑事拘留。缅甸方面向我方移交12名犯罪嫌疑人。"
                           "检察院对5人提起公诉，法院判处7名被告人有期徒刑。警方抓获一名男子。")["counts"]
    assert {(c["action"], c["n"]) for c in got} == {
        ("arrested", 31), ("arrested", 22), ("extradited", 12), ("charged", 5), ("sentenced", 7)}


def test_charges_follow_the_conventions(extractor):
    got = facts(extractor, "法院判决\n被告人犯帮助信息网络犯罪活动罪、掩饰、隐瞒犯罪所得罪，另有二人犯诈骗罪、侵犯公民个人信息罪、"
                           "开设赌场罪，均被判处有期徒刑。")["charges"]
    assert set(got) == {"other", "money_laundering", "fraud", "personal_data_offence", "gambling"}


def test_legal_refs_in_arabic(extractor):
    got = facts(extractor, "法院判决\n根据《中华人民共和国刑法》第二百八十七条之一、第二百六十六条，法院判处被告人有期徒刑。"
                           "香港法例第210章亦有规定。")["legal_refs"]
    assert {(r["jurisdiction"], r["article"]) for r in got} == {("CN", "287-1"), ("CN", "266"), ("HK", "210")}


def test_places_in_agency_names_and_countries(extractor):
    got = facts(extractor, "长春市公安局朝阳分局破获一起诈骗案\n长春市公安局朝阳分局抓获在缅北从事电信网络诈骗的犯罪嫌疑人15名，"
                           "涉及非法国境线偷越。")
    assert {(p["name"], p["country"]) for p in got["places"]} == {("Changchun", "CN"), ("Chaoyang", "CN")}
    assert set(got["countries"]) == {"CN", "MM"}  # 非法国境 does not name France


def test_relevance_case_and_warning(extractor):
    case = facts(extractor, "警方捣毁一个电信网络诈骗团伙\n浙江警方抓获犯罪嫌疑人20名，扣押涉案资金50万元。")
    assert case["relevant"] and {"arrest", "seizure", "takedown"} <= set(case["event_types"])
    assert case["charges"] == ["fraud"]
    warning = facts(extractor, "警方提醒：谨防电信网络诈骗\n请广大群众提高警惕，不要轻信陌生来电，切勿向陌生账户转账。")
    assert not warning["relevant"] and not warning["charges"] and not warning["counts"]


@pytest.mark.parametrize("text", [
    "Police in 香港 arrested 3 people; 警方拘捕了五名男子 and seized HK$2 million 港幣.",  # mixed Chinese and English
    "臺灣警方與大陆公安联合破獲詐騙集團，抓獲犯罪嫌疑人十一名。",  # traditional and simplified in one text
    "2021 2022 2023\n１２３ ４５６ ７８９\n10.5 20.3 30.1\n一 二 三 四 五\n",  # a page of only a table of numbers
    "",
])
def test_bad_input_does_not_crash_or_invent(extractor, text):
    got = facts(extractor, text)
    if not any("\u4e00" <= c <= "\u9fff" for c in text[:9]) and "警方" not in text:
        assert not got["amounts"] and not got["counts"] and not got["places"] and not got["relevant"]


def test_mixed_scripts_read_both(extractor):
    got = facts(extractor, "臺灣警方與大陆公安联合破獲詐騙集團，抓獲犯罪嫌疑人十一名。")
    assert ("arrested", 11) in {(c["action"], c["n"]) for c in got["counts"]}
    assert "fraud" in got["charges"]


def test_counts_over_commas_lists_and_passives(extractor):
    got = facts(extractor, "邻国警方将前期抓获的六百余名涉诈犯罪嫌疑人，经边境口岸全部移交我方。"
                           "法院判决诈骗案件12件40人、洗钱案件3件9人。某县警方查获逃犯5名，诈骗嫌疑人4名、重要逃犯2名。"
                           "84名冒充客服人员实施诈骗的犯罪嫌疑人被押解回国。警方逮捕了一个诈骗集团的七名成员。"
                           "刑拘8人、冻结涉案资金30万元。")["counts"]
    assert {(c["action"], c["n"]) for c in got} == {
        ("arrested", 600), ("extradited", 600), ("convicted", 40), ("convicted", 9), ("arrested", 5),
        ("arrested", 4), ("arrested", 2), ("extradited", 84), ("arrested", 7), ("arrested", 8)}


def test_page_chrome_names_no_place_country_or_count(extractor):
    text = ("杭州警方破获一起诈骗案\n杭州警方抓获犯罪嫌疑人3名。\n"
            "* ##### [成都警方抓获12名嫌疑人](/post/id/1234)\n"
            "Copyright © 北京某某科技有限公司 [京ICP备00000000号](https://beian.miit.gov.cn/)\n"
            "上海市公安局徐汇分局备案号：31010400000000\n")
    got = facts(extractor, text)
    assert {p["name"] for p in got["places"]} == {"Hangzhou"}
    assert {(c["action"], c["n"]) for c in got["counts"]} == {("arrested", 3)}


def test_charges_hong_kong_and_taiwan_words_and_no_generic_group(extractor):
    got = facts(extractor, "警方拘捕20人\n警方以涉嫌「以欺骗手段取得财产」及「洗黑钱」拘捕20人，该犯罪集团窃取多名市民的资料。"
                           "另一宗涉黑案件中警方逮捕3人。")["charges"]
    assert set(got) == {"fraud", "money_laundering", "organized_crime"}  # 犯罪集团 and 窃取 name no offence


def test_events_skip_ui_words_tech_capture_and_closing_advice(extractor):
    report = facts(extractor, "某市警方破获一起诈骗案\n搜索\n警方抓获犯罪嫌疑人6名，扣押涉案手机20部。警方提醒市民谨防网络诈骗。")
    assert set(report["event_types"]) == {"arrest", "seizure"}
    tech = facts(extractor, "邮件过滤器可以捕获钓鱼攻击\n搜索\n过滤器可以捕获一些网络钓鱼攻击，用户可在搜索引擎中查询。")
    assert tech["event_types"] == [] and tech["relevant"] is False


def test_places_states_city_states_and_border_towns(extractor):
    got = facts(extractor, "美国多州总检察长起诉诈骗团伙\n加利福尼亚州联合纽约州、马萨诸塞州、北爱尔兰警方起诉该团伙。"
                           "新加坡警方协助调查，1178名涉诈犯罪嫌疑人从缅甸妙瓦底地区被押解回国。")
    names = {(p["name"], p["country"]) for p in got["places"]}
    assert {("California", "US"), ("New York", "US"), ("Massachusetts", "US"), ("Northern Ireland", "GB"),
            ("Singapore", "SG"), ("Myawaddy", "MM")} <= names
    assert ("extradited", 1178) in {(c["action"], c["n"]) for c in got["counts"]}


def test_places_metadata_line_and_geonames_apostrophe(extractor):
    got = facts(extractor, "西安警方破获诈骗案\n所属地 上海\n西安市公安局抓获犯罪嫌疑人4名。")
    assert {p["name"] for p in got["places"]} == {"Xi'an"}


def test_events_sentence_is_a_conviction_and_takedowns_need_an_object(extractor):
    court = facts(extractor, "某区法院审理一起诈骗案\n法院以诈骗罪判处被告人张某有期徒刑三年。")
    assert set(court["event_types"]) == {"sentence", "conviction"}
    raid = facts(extractor, "三地警方联手捣破跨国诈骗集团\n警方展开突击行动，逮捕8名成员，该集团的诈骗网站已被查封。")
    assert {"takedown", "investigation", "arrest", "seizure"} <= set(raid["event_types"])
    single = facts(extractor, "某县警方破获一起盗窃案\n民警破获一起盗窃电动车案，抓获犯罪嫌疑人1名。")
    assert "takedown" not in single["event_types"]


def test_amount_roles_rewards_prices_and_turnover(extractor):
    got = facts(extractor, "警方通缉诈骗集团骨干\n警方查获该集团的洗钱水房，初估经手逾8亿元。警方并祭出人民币十万元（约港币十一万元）奖金。"
                           "该平台以300美元价格出售改装手机。")["amounts"]
    roles = {(a["value"], a["currency"]): a["role"] for a in got}
    assert roles[(800_000_000, "CNY")] == "proceeds"
    assert roles[(100_000, "CNY")] == "other" and roles[(300, "USD")] == "other"


def test_counts_parts_months_places_and_agent_passives(extractor):
    got = facts(extractor, "三地警方联手\n三地警方逮捕了40名诈骗集团成员，当中香港逮捕了12人。法院判处被告人有期徒刑四年十一个月。"
                           "警方在30多个地点拘捕200多人。又有一一七八名涉诈犯罪嫌疑人，被公安机关经泰国押解回国。")["counts"]
    assert {(c["action"], c["n"]) for c in got} == {("arrested", 40), ("arrested", 200), ("extradited", 1178)}


def test_administrative_penalty_is_a_settlement_not_a_case(extractor):
    got = facts(extractor, "某科技公司被公安机关行政处罚\n因未履行数据安全保护义务，某科技公司被公安机关行政处罚，被处以罚款五万元。")
    assert got["event_types"] == ["settlement"] and got["charges"] == ["other"] and got["relevant"] is False
    scam = facts(extractor, "骗子冒充客服\n骗子以退款为由骗取钱财，警方提醒法律规定最高可处罚款。")
    assert "settlement" not in scam["event_types"]


def test_a_lawsuit_is_no_criminal_charge(extractor):
    civil = facts(extractor, "某网站起诉某公司违反合同\n某网站起诉某人工智能公司违反合同和不公平竞争，要求赔偿。")
    assert "charge" not in civil["event_types"] and "other" in civil["event_types"] and civil["relevant"] is False
    criminal = facts(extractor, "检察院起诉诈骗团伙\n检察院对该诈骗团伙12人提起公诉。")
    assert "charge" in criminal["event_types"]


def test_home_currency_from_a_jurisdictions_own_agencies(extractor):
    taiwan = facts(extractor, "詐騙集團主管判刑\n士林地院審理後認定，被害人損失財產共計75萬3千元。")["amounts"]
    assert {(a["value"], a["currency"]) for a in taiwan} == {(753_000, "TWD")}
    hk = facts(extractor, "警務處拘捕19人\n警務處表示，受害人共損失約400萬元。")["amounts"]
    assert {(a["value"], a["currency"]) for a in hk} == {(4_000_000, "HKD")}
