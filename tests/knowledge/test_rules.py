"""The knowledge base's pure parts: tokens for both databases, the life cycle, who reads what,
review flags, placeholders, version diffs, and Markdown rendered harmless."""

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.knowledge import markup, rules, tokens
from app.knowledge.search import fts5_match, pg_tsquery

HAN = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2)


def test_chinese_query_is_cut_into_pairs_the_document_holds():
    indexed = set(tokens.index_tokens("网络打印机无法打印").split())
    terms, prefix = tokens.query_terms("打印机")
    assert terms == ["打印", "印机"] and prefix is None
    assert set(terms) <= indexed
    assert not set(tokens.query_terms("扫描仪")[0]) <= indexed


def test_one_character_and_mixed_queries():
    assert tokens.query_terms("印") == (["印"], None)
    assert "印" in tokens.index_tokens("打印").split()
    terms, prefix = tokens.query_terms("HP 打印机 ")
    assert terms == ["hp", "打印", "印机"] and prefix is None


def test_english_words_are_stemmed_and_the_last_one_is_typed_on():
    assert tokens.stem("printing") == tokens.stem("printer") == tokens.stem("printers") == "print"
    assert tokens.stem("wifi") == "wifi"  # short stems stay whole
    assert tokens.query_terms("printer jam") == (["print"], "jam")
    assert tokens.query_terms("printi") == ([], "printi")
    assert {"printing", "print"} <= set(tokens.index_tokens("Printing").split())


@given(HAN, st.data())
def test_any_han_substring_of_two_or_more_finds_its_text(text, data):
    start = data.draw(st.integers(0, len(text) - 2))
    end = data.draw(st.integers(start + 2, len(text)))
    terms, _ = tokens.query_terms(text[start:end])
    assert set(terms) <= set(tokens.index_tokens(text).split())


@given(st.text(max_size=300))
def test_no_query_reaches_the_database_as_syntax(query):
    terms, prefix = tokens.query_terms(query)
    for term in [*terms, *([prefix] if prefix else [])]:
        assert re.fullmatch(r"[0-9a-z\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", term), term
    assert fts5_match(terms, prefix).count('"') == 2 * (len(terms) + bool(prefix))
    assert pg_tsquery(terms, prefix).count("'") == 2 * (len(terms) + bool(prefix))


def test_syntax_characters_make_a_plain_search():
    assert tokens.query_terms('"*"') == ([], None)
    terms, prefix = tokens.query_terms("NEAR(a b) OR x*")
    assert fts5_match(terms, prefix) == '"near" AND "a" AND "b" AND "or" AND "x"'
    terms, prefix = tokens.query_terms("'; DROP TABLE knowledge_texts; --")
    assert fts5_match(terms, prefix) == '"drop" AND "table" AND "knowledge" AND "text"*'
    assert pg_tsquery(terms, prefix) == "'drop' & 'table' & 'knowledge' & 'text':*"


def test_life_cycle():
    assert rules.next_status("draft", "publish") == "published"
    assert rules.next_status("published", "retire") == "retired"
    assert rules.next_status("retired", "publish") == "published"
    assert rules.next_status("retired", "unpublish") is None
    assert rules.next_status("draft", "unpublish") is None
    assert rules.next_status("draft", "delete") is None
    assert rules.actions_from("published") == ["retire", "unpublish"]


def test_only_published_articles_for_employees_reach_the_client():
    assert rules.readable("published", "employees", staff=False)
    assert not rules.readable("published", "staff", staff=False)
    assert not rules.readable("draft", "employees", staff=False)
    assert not rules.readable("retired", "employees", staff=False)
    assert rules.readable("draft", "staff", staff=True)


def test_review_after_half_a_year_unread():
    now = datetime(2026, 12, 3, tzinfo=UTC)
    edge = now - timedelta(days=rules.REVIEW_AFTER_DAYS)
    assert rules.review_due(edge, None, now)
    assert not rules.review_due(edge + timedelta(seconds=1), None, now)
    assert rules.review_due(None, edge, now)  # never read: counted from publication
    assert not rules.review_due(None, None, now)  # a draft is not reviewed


def test_placeholders():
    values = {"requester": "张伟", "ticket": "INC-2026-000001"}
    filled = rules.fill_placeholders("{requester}，您好：{ticket} 已处理。{unknown}", values)
    assert filled == "张伟，您好：INC-2026-000001 已处理。{unknown}"
    assert rules.unknown_placeholders("{requester} {tciket} {agent}") == ["tciket"]


def test_diff_marks_added_and_removed_lines():
    lines = rules.diff_lines("a\nb\nc", "a\nB\nc\nd")
    assert ("-", "b") in lines and ("+", "B") in lines and ("+", "d") in lines
    assert rules.diff_lines("same", "same") == []


def test_markdown_is_rendered_harmless():
    html = markup.to_html(
        "# Title\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n"
        "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](data:text/html,x) "
        '<a href="vbscript:x" onclick="y">d</a> <iframe src="https://e.example"></iframe> '
        "<style>body{}</style> **bold** [ok](https://intranet.example/wifi)"
    )
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "vbscript:", "data:", "<iframe"):
        assert bad not in lowered, bad
    assert "alert(1)" not in html and "<style" not in lowered
    assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html
    assert 'href="https://intranet.example/wifi"' in html
    assert markup.to_text("# 标题\n\n**打印机** &amp; x") == "标题 打印机 & x"
