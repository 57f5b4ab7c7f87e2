"""Full-text search on the database the suite runs on (SQLite FTS5 or PostgreSQL)."""

import sqlalchemy as sa

from app.extensions import db, utcnow
from app.knowledge import search, services
from app.knowledge.models import ArticleText
from tests.knowledge.helpers import article


def titles(query: str, *, staff: bool = False) -> list[str]:
    return [t.title for t in db.session.scalars(search.matching(query, staff=staff))]


def test_chinese_word_finds_the_longer_phrase(ctx, users):
    article("网络打印机无法打印", "检查打印机的网线和 IP 地址。")
    article("扫描仪无法连接", "重新安装扫描仪驱动。")
    assert titles("打印机") == ["网络打印机无法打印"]
    assert set(titles("无法")) == {"网络打印机无法打印", "扫描仪无法连接"}
    assert titles("印") == ["网络打印机无法打印"]
    assert titles("打印扫描") == []  # every pair must be there


def test_english_exact_and_stemmed_words(ctx, users):
    article("Printer prints stripes", "Clean the drum of the printer.", lang="en")
    article("Wi-Fi certificate expired", "Renew the certificate in Settings.", lang="en")
    assert titles("printer") == ["Printer prints stripes"]
    assert titles("printing") == ["Printer prints stripes"]
    assert titles("certif") == ["Wi-Fi certificate expired"]  # typed halfway
    assert titles("wi-fi") == ["Wi-Fi certificate expired"]
    assert titles("monitor") == []


def test_title_ranks_above_body(ctx, users):
    article("重置密码", "在门户里修改。")
    article("打印机", "换纸以后再打印。")
    article("换纸", "打印机缺纸时。")
    found = titles("打印机")
    assert found[0] == "打印机" and set(found) == {"打印机", "换纸"}


def test_syntax_characters_search_plainly(ctx, users):
    article("VPN 无法连接", "检查 VPN 客户端。")
    for query in [
        '"*"',
        "*",
        "'",
        '"',
        "NEAR(",
        "vpn OR",
        "AND",
        ")(",
        "%",
        "\\",
        "vpn'--",
        "^vpn",
    ]:
        assert titles(query) in ([], ["VPN 无法连接"]), query
    assert titles('"vpn"') == ["VPN 无法连接"]


def test_an_edit_reindexes_and_a_delete_unindexes(ctx, users):
    made = article("打印机卡纸", "打开后盖取出纸张。")
    data = services.ArticleInput("显示器黑屏", "检查电源线。", "zh")
    services.save_article(made, data, actor=None, now=utcnow())
    db.session.commit()
    assert titles("卡纸") == [] and titles("黑屏") == ["显示器黑屏"]
    db.session.delete(made)
    db.session.commit()
    assert titles("黑屏") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ArticleText)) == 0


def test_employees_never_find_staff_only_draft_or_retired(ctx, users):
    article("打印机驱动（员工）", visibility="employees")
    article("打印机驱动（内部）", visibility="staff")
    article("打印机驱动（草稿）", status="draft")
    article("打印机驱动（停用）", status="retired")
    assert titles("打印机") == ["打印机驱动（员工）"]
    assert len(titles("打印机", staff=True)) == 4


def test_snippet_marks_the_words_and_escapes_the_text(ctx, users):
    made = article("网络打印机", "前言" * 40 + "网络打印机无法打印时，若 `a<b`，先重启。")
    text = made.text("zh")
    snippet = str(search.snippet(text, "打印机"))
    assert "<mark>打印机</mark>" in snippet and snippet.startswith("…")
    assert "a&lt;b" in snippet and "<b>" not in snippet
