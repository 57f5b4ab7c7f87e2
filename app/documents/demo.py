"""Demo data (S20): about twenty handover documents in every kind, several revised, a few
shared with the client, linked to CIs, catalog items and problems; two overdue for review."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.roles import AGENT, ENGINEER, MANAGER
from app.assets.models import Asset
from app.documents import rules, services
from app.extensions import db, utcnow
from app.problems.models import Problem
from app.tickets.models import CatalogItem

# title, kind, visibility, review months, versions (note, Markdown), asset type, catalog code
DOCUMENTS = [
    (
        "服务台工作流程定义",
        "process",
        "client",
        12,
        [
            ("初稿", "# 服务台流程\n\n1. 接报\n2. 记录\n3. 远程诊断"),
            (
                "加入现场派工规则",
                "# 服务台流程\n\n1. 接报\n2. 记录\n3. 远程诊断\n"
                "4. **硬件 5 分钟、系统 10 分钟**内未解决即派工程师到现场",
            ),
        ],
        None,
        None,
    ),
    (
        "设备新装与更换流程",
        "process",
        "client",
        12,
        [("初稿", "申请 → 审批 → 安装 → 用户签收 → 更新资产台账")],
        None,
        "install.new",
    ),
    (
        "变更管理流程",
        "process",
        "client",
        12,
        [("初稿", "所有变更须经客户审批，并有回退方案。")],
        None,
        None,
    ),
    (
        "问题管理流程",
        "process",
        "staff",
        12,
        [
            ("初稿", "重复和重大问题做根本原因分析。"),
            ("补充升级路径", "重复和重大问题做根本原因分析；按严重程度升级。"),
        ],
        None,
        None,
    ),
    (
        "投诉处理流程",
        "process",
        "client",
        12,
        [("初稿", "投诉统一记入事件日志，按约定流程处理至双方认可。")],
        None,
        None,
    ),
    (
        "域控与组策略配置",
        "system_config",
        "staff",
        6,
        [("初稿", "## 组策略\n\n- 屏保 10 分钟锁定\n- 密码 90 天轮换")],
        None,
        None,
    ),
    (
        "网络与 VLAN 配置",
        "system_config",
        "staff",
        6,
        [("初稿", "| VLAN | 用途 |\n|---|---|\n| 10 | 办公 |\n| 20 | 打印 |")],
        "network_device",
        "sys.network",
    ),
    (
        "打印服务器配置",
        "system_config",
        "staff",
        6,
        [
            ("初稿", "打印队列 PRN-Q1、PRN-Q2"),
            ("驱动升级后更新", "打印队列 PRN-Q1、PRN-Q2；驱动版本 6.2"),
        ],
        "network_printer",
        "hw.printer",
    ),
    (
        "防病毒服务器配置",
        "system_config",
        "staff",
        6,
        [("初稿", "病毒库每日 02:00 更新。")],
        None,
        "sec.antivirus",
    ),
    (
        "台式机标准镜像说明",
        "asset_documents",
        "staff",
        12,
        [("初稿", "Windows 11 企业版，Office 2021。")],
        "desktop",
        "hw.desktop",
    ),
    (
        "笔记本电脑保修与RMA说明",
        "asset_documents",
        "staff",
        12,
        [("初稿", "保修内由厂商维修，保修外客户承担费用。")],
        "laptop",
        "hw.laptop",
    ),
    (
        "网络打印机维护记录规范",
        "asset_documents",
        "staff",
        12,
        [("初稿", "每季度清洁一次。")],
        "network_printer",
        None,
    ),
    ("设备清单（实时）", "device_list", "staff", 12, [], None, "asset.inventory"),
    ("月度与季度服务报告（实时）", "regular_report", "client", 12, [], None, None),
    (
        "新员工电脑使用手册",
        "manual",
        "client",
        12,
        [
            ("初稿", "# 欢迎\n\n开机后用域账号登录。"),
            ("加入 Wi-Fi 说明", "# 欢迎\n\n开机后用域账号登录。\n\n## Wi-Fi\n连接 CORP-WIFI。"),
        ],
        None,
        None,
    ),
    (
        "打印机使用手册",
        "manual",
        "client",
        12,
        [("初稿", "选择 PRN-Q1 打印。")],
        None,
        "hw.printer",
    ),
    (
        "VPN 客户端使用手册",
        "manual",
        "client",
        12,
        [("初稿", "用域账号登录 VPN。")],
        None,
        "sys.network",
    ),
    (
        "服务台值班手册",
        "manual",
        "staff",
        6,
        [("初稿", "电话 5 声内接听。"), ("调整交接班", "电话 5 声内接听；18:00 交接。")],
        None,
        None,
    ),
    (
        "财务系统操作手册",
        "manual",
        "client",
        12,
        [("初稿", "财务系统由客户 IT 部维护，服务台只做桌面支持。")],
        None,
        "sw.client",
    ),
    ("备份与恢复操作说明", "manual", "staff", 6, [("初稿", "每周五全量备份。")], None, None),
]
OVERDUE = ("域控与组策略配置", "备份与恢复操作说明")
FILE_VERSION = ("网络与 VLAN 配置", "vlan.csv", "vlan,用途\n10,办公\n20,打印\n30,访客\n")


def seed_documents(people, rng, **_context) -> None:
    now = utcnow()
    today = rules.local_day(now)
    staff = [p for p in people if p.role in (MANAGER, AGENT, ENGINEER)]
    manager = next(p for p in people if p.role == MANAGER)
    problem = db.session.scalar(sa.select(Problem).order_by(Problem.id).limit(1))
    for n, (title, kind, visibility, months, versions, asset_type, code) in enumerate(DOCUMENTS):
        owner = staff[n % len(staff)]
        written = now - timedelta(days=300 - n * 7)
        document = services.create(
            services.DocumentInput(title, kind, visibility, owner.id, months),
            actor=manager,
            now=written,
            today=rules.local_day(written),
        )
        for step, (note, body) in enumerate(versions):
            services.add_version(
                document, note=note, body_markdown=body, max_bytes=10 << 20,
                actor=owner, now=written + timedelta(days=30 * step + 1),
            )  # fmt: skip
        if title == FILE_VERSION[0]:
            services.add_version(
                document,
                note="导出交换机配置表",
                upload=(FILE_VERSION[1], FILE_VERSION[2].encode()),
                max_bytes=10 << 20,
                actor=owner,
                now=written + timedelta(days=60),
            )
        if asset_type:
            assets = db.session.scalars(
                sa.select(Asset).where(Asset.type.has(code=asset_type)).order_by(Asset.id).limit(2)
            )
            for asset in assets:
                services.link(document, asset=asset)
        if code:
            item = db.session.scalar(sa.select(CatalogItem).where(CatalogItem.code == code))
            services.link(document, catalog_item=item)
        if title == "打印服务器配置" and problem is not None:
            services.link(document, problem=problem)
        # reviewed some time ago; two were not reviewed when they were due
        due = rules.next_review(today - timedelta(days=20 + n), months)
        document.next_review_on = today - timedelta(days=9 + n) if title in OVERDUE else due
    db.session.flush()
