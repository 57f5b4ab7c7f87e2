"""Seed a knowledge base of 10,000 article texts (Chinese and English, written through the
service so they are indexed as in production), then time the employee's search and the
request form's suggestions (server time per query, median and p95).

    .venv/bin/python bench/bench_knowledge.py                       # SQLite in a temporary file
    .venv/bin/python bench/bench_knowledge.py --database postgresql://postgres@127.0.0.1:5432/kb_bench

The PostgreSQL database is emptied (schema public dropped) before seeding.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa  # noqa: E402

from bench.bench_assets import fresh_database, make_app  # noqa: E402

ZH_WORDS = [  # fmt: skip
    "打印机",
    "网络",
    "无法",
    "连接",
    "证书",
    "过期",
    "显示器",
    "黑屏",
    "笔记本",
    "电池",
    "充电",
    "邮件",
    "会议",
    "声音",
    "密码",
    "修改",
    "病毒",
    "升级",
    "驱动",
    "安装",
    "扩展坞",
    "卡纸",
    "条纹",
    "登录",
    "报错",
    "缓慢",
    "共享",
    "文件夹",
    "权限",
    "投影仪",
]
EN_WORDS = [  # fmt: skip
    "printer",
    "network",
    "cannot",
    "connect",
    "certificate",
    "expired",
    "monitor",
    "black",
    "laptop",
    "battery",
    "charge",
    "mail",
    "meeting",
    "sound",
    "password",
    "change",
    "virus",
    "upgrade",
    "driver",
    "install",
    "dock",
    "paper",
    "jam",
    "stripes",
    "login",
    "error",
    "slow",
    "shared",
    "folder",
    "access",
    "projector",
]
QUERIES = [
    "打印机",
    "网络打印机",
    "证书过期",
    "显示器黑屏",
    "印",
    "printer",
    "printing",
    "cert",
    "vpn",
    "扩展坞 显示器",
    "连不上 wifi 证书",
    "打印出来有条纹",
]


def seed(count: int, rng: random.Random) -> None:
    from app.extensions import db, utcnow
    from app.knowledge import services

    now = utcnow()
    for n in range(count):
        zh = n % 2 == 0
        words = ZH_WORDS if zh else EN_WORDS
        joiner = "" if zh else " "
        title = joiner.join(rng.sample(words, 3))
        body = "\n\n".join(joiner.join(rng.choices(words, k=40)) for _ in range(5))
        data = services.ArticleInput(title, body, "zh" if zh else "en", "employees", "")
        article = services.save_article(None, data, actor=None, now=now)
        services.move(article, "publish", actor=None, now=now)
        if n % 500 == 499:
            db.session.commit()
    db.session.commit()


def timed(run, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="")
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    url = fresh_database(args.database or f"sqlite:///{folder / 'bench.sqlite'}")
    app = make_app(url, folder)
    with app.app_context():
        from flask_migrate import upgrade

        from app.extensions import db
        from app.knowledge import search

        upgrade()
        start = time.perf_counter()
        seed(args.articles, random.Random(7))
        print(f"{args.articles} texts written and indexed in {time.perf_counter() - start:.1f} s")
        searches, suggestions = [], []
        for query in QUERIES:
            page = search.matching(query, staff=False)

            def first_page(page=page):
                return db.paginate(page, page=1, per_page=20, error_out=False).items

            def suggest(query=query):
                found = search.matching(query, staff=False, any_word=True).limit(5)
                db.session.scalars(found).all()

            searches += timed(first_page, 5)
            suggestions += timed(suggest, 5)
        hits = db.session.scalar(
            sa.select(sa.func.count()).select_from(
                search.matching("打印机", staff=False).subquery()
            )
        )
        for name, times in (
            ("search (first page of 20)", searches),
            ("suggestions (5)", suggestions),
        ):
            ordered = sorted(times)
            p95 = ordered[int(len(ordered) * 0.95) - 1]
            print(f"{name}: median {statistics.median(times):.1f} ms, p95 {p95:.1f} ms")
        print(f"'打印机' finds {hits} texts")


if __name__ == "__main__":
    main()
