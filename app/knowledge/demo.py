"""Demo data for the knowledge base: about thirty articles in Chinese and English across the
catalog areas (some for staff only, some revised, one unread for half a year), the desk's
canned responses, requests answered on the request form, and the resolved problems'
workarounds published as articles."""

from datetime import timedelta

import sqlalchemy as sa

from app.accounts.roles import EMPLOYEE
from app.extensions import db, utcnow
from app.knowledge import services
from app.knowledge.models import Article
from app.problems.models import Problem

# (area, audience, zh title, zh body, en title, en body); an empty title: no text in that language
ARTICLES = [
    (
        "sys",
        "employees",
        "Wi-Fi 证书过期，无法连接公司无线网络",
        "**现象**：笔记本提示“无法连接到此网络”，其他同事正常。\n\n1. 打开“设置 → 网络和 Internet → WLAN”。\n2. 选择 `CORP-WIFI`，点击“忘记”。\n3. 重新连接，按提示用域账号登录，接受新证书。\n\n仍不能连接请提交请求，选择“系统 → 网络连接”。",
        "Wi-Fi certificate expired: cannot join the office network",
        "**Symptom**: the laptop says *Can't connect to this network* while colleagues are fine.\n\n1. Open *Settings → Network & Internet → Wi-Fi*.\n2. Choose `CORP-WIFI` and click *Forget*.\n3. Connect again, sign in with your domain account and accept the new certificate.\n\nStill failing? File a request under *System → Network connection*.",
    ),
    (
        "sys",
        "employees",
        "VPN 无法连接",
        "1. 确认能打开公司外网页面。\n2. 退出 VPN 客户端后重新登录。\n3. 手机令牌时间不同步时，在令牌应用中选择“同步时间”。",
        "VPN does not connect",
        "1. Check that public websites open.\n2. Quit the VPN client and sign in again.\n3. If the token code is refused, choose *Sync time* in the token app.",
    ),
    (
        "sys",
        "employees",
        "网络打印机无法打印",
        "先看打印机面板是否有报错；在电脑上删除打印任务后重新添加打印机 `\\\\print01\\` 下对应的队列。",
        "Network printer does not print",
        "Check the printer's panel for errors; clear the print queue and add the printer again from `\\\\print01\\`.",
    ),
    (
        "sys",
        "employees",
        "Windows 更新后开机很慢",
        "更新后的第一次开机需要 10–15 分钟完成配置，请勿强制关机。之后仍然很慢，请提交请求。",
        "Slow start after a Windows update",
        "The first start after an update takes 10–15 minutes to finish; do not force the power off. If it stays slow, file a request.",
    ),
    (
        "sys",
        "employees",
        "如何修改域账号密码",
        "按 `Ctrl+Alt+Del`，选择“更改密码”。新密码至少 12 位，包含大小写字母和数字，每 90 天需要更换。",
        "Changing your domain password",
        "Press `Ctrl+Alt+Del` and choose *Change a password*. At least 12 characters with upper and lower case and digits; it must change every 90 days.",
    ),
    (
        "sys",
        "employees",
        "电脑中了病毒怎么办",
        "**立即拔掉网线或关闭 Wi-Fi**，不要关机，然后拨打服务台电话。不要自行删除文件。",
        "What to do about a virus",
        "**Unplug the network cable or turn Wi-Fi off at once**, keep the computer on and call the service desk. Do not delete files yourself.",
    ),
    (
        "sys",
        "staff",
        "域控制器证书续期步骤（内部）",
        "1. 在 CA 上签发新的 RADIUS 证书。\n2. 更新 NPS 策略。\n3. 通过组策略推送根证书。",
        "",
        "",
    ),
    (
        "hw",
        "employees",
        "打印出来有条纹",
        "条纹多半来自硒鼓或定影器。先打印清洁页（菜单 → 维护 → 清洁页）；仍有条纹请报修，注明打印机资产编号。",
        "Stripes on printouts",
        "Stripes usually come from the toner drum or the fuser. Print a cleaning page (Menu → Maintenance → Cleaning page); if they stay, report it with the printer's asset tag.",
    ),
    (
        "hw",
        "employees",
        "打印机卡纸",
        "打开前盖和后盖，**顺着送纸方向**取出纸张，不要用力撕扯。",
        "Paper jam",
        "Open the front and rear doors and pull the paper out **in the direction it travels**; never tear it.",
    ),
    (
        "hw",
        "employees",
        "显示器黑屏",
        "检查电源灯；重新插拔视频线（HDMI / DP）；在扩展坞上换一个接口试试。",
        "Monitor stays black",
        "Check the power light; re-seat the video cable (HDMI / DP); try another port on the dock.",
    ),
    (
        "hw",
        "employees",
        "笔记本电池不充电",
        "换一个插座并确认电源适配器指示灯亮起；电池健康度低于 60% 可申请更换。",
        "Laptop battery does not charge",
        "Try another socket and check the adapter's light; a battery below 60 % health can be replaced.",
    ),
    (
        "hw",
        "employees",
        "扩展坞连接后外接显示器不亮",
        "先接电源再接笔记本；更新扩展坞固件（软件中心 → Dock Firmware）。",
        "External monitor dark on the dock",
        "Power the dock before connecting the laptop; update the dock firmware (Software Center → Dock Firmware).",
    ),
    (
        "hw",
        "staff",
        "M507 定影器更换记录与备件位置（内部）",
        "备件在 3 楼 IT 库房 B 架。更换后在资产登记中记录 RMA。",
        "M507 fuser replacement and spare parts (internal)",
        "Spares are on shelf B of the 3rd-floor IT store. Record the RMA in the asset register after the swap.",
    ),
    (
        "sw",
        "employees",
        "Outlook 无法收发邮件",
        "检查右下角是否显示“已断开”；文件 → 账户设置 → 修复。",
        "Outlook does not send or receive",
        "Check whether the status bar says *Disconnected*; File → Account settings → Repair.",
    ),
    (
        "sw",
        "employees",
        "Teams 会议没有声音",
        "在会议中点击“设备设置”，选择正确的扬声器和麦克风；耳机需先连接再入会。",
        "No sound in a Teams meeting",
        "In the meeting open *Device settings* and pick the right speaker and microphone; connect the headset before joining.",
    ),
    (
        "sw",
        "employees",
        "如何从软件中心安装软件",
        "开始菜单搜索“软件中心”，选择软件后点击“安装”。清单之外的软件需要部门审批。",
        "Installing software from Software Center",
        "Search the Start menu for *Software Center*, pick the software and click *Install*. Software not listed needs your department's approval.",
    ),
    (
        "sw",
        "employees",
        "Excel 文件打开很慢",
        "关闭“受保护的视图”中的网络文件检查；大文件请保存为 .xlsb。",
        "Excel opens files slowly",
        "Large workbooks open faster saved as .xlsb; files from the network open first in Protected View.",
    ),
    (
        "sw",
        "employees",
        "金蝶客户端登录报错",
        "清除客户端缓存（工具 → 清除缓存）后重新登录；仍报错请截图提交请求。",
        "",
        "",
    ),
    (
        "sw",
        "staff",
        "Office 激活故障排查（内部）",
        "`cscript ospp.vbs /dstatus` 查看激活状态；KMS 服务器为 kms01。",
        "Office activation troubleshooting (internal)",
        "Run `cscript ospp.vbs /dstatus`; the KMS server is kms01.",
    ),
    (
        "sec",
        "employees",
        "防病毒库多久更新一次",
        "病毒库每天自动更新；超过 7 天未更新的电脑会被服务台联系处理。",
        "How often antivirus signatures update",
        "Signatures update daily; the desk contacts you when a computer is more than 7 days behind.",
    ),
    (
        "sec",
        "employees",
        "收到可疑邮件怎么办",
        "不要点击链接或打开附件，使用 Outlook 的“报告钓鱼邮件”按钮。",
        "A suspicious mail arrived",
        "Do not click links or open attachments; use Outlook's *Report phishing* button.",
    ),
    (
        "sec",
        "employees",
        "Windows 升级安排",
        "升级在周末进行，周五下班前请保存文件并保持电脑开机、连接电源。",
        "Windows upgrade schedule",
        "Upgrades run at the weekend: save your work on Friday and leave the computer on and plugged in.",
    ),
    (
        "install",
        "employees",
        "新员工电脑领用流程",
        "部门提交“设备安装”请求并审批后，工程师会在入职当天送到工位并请您签字确认。",
        "Equipment for a new hire",
        "The department files a device installation request; once approved, an engineer brings the set on the first day and asks the new hire to sign.",
    ),
    (
        "install",
        "employees",
        "如何申请第二台显示器",
        "提交“设备安装 → 新设备安装”请求，说明用途；需要部门审批人批准。",
        "Asking for a second monitor",
        "File *Device installation → New device*, say what it is for; your department's approver signs it off.",
    ),
    (
        "onsite",
        "employees",
        "工程师上门前需要准备什么",
        "请保存文件、准备好开机密码；离开工位时告知同事或在请求中留言。",
        "Before an engineer comes to your desk",
        "Save your files and have your password ready; if you leave your desk, tell a colleague or note it on the request.",
    ),
    (
        "asset",
        "employees",
        "资产标签在哪里",
        "资产标签贴在设备底部或背面，以 LAP-、DSK-、MON-、PRN- 开头。",
        "Where the asset tag is",
        "The asset tag is on the bottom or back of the device and starts with LAP-, DSK-, MON- or PRN-.",
    ),
    (
        "asset",
        "employees",
        "设备借用与归还",
        "借用设备需提交请求；归还时请交给服务台并当面确认，资产登记会更新。",
        "Borrowing and returning devices",
        "Borrowing needs a request; return devices to the desk in person so the register is updated.",
    ),
    (
        "coord",
        "employees",
        "电话分机故障由谁处理",
        "电话分机由电信服务商负责；请提交请求，服务台会联系第三方并跟进。",
        "Who fixes a desk phone",
        "Desk phones belong to the telecom provider; file a request and the desk coordinates and follows up.",
    ),
    (
        "",
        "employees",
        "服务台联系方式与服务时间",
        "电话 021-6000-8000；工作日 8:30–17:30 现场服务，其他时间电话值守。",
        "Service desk contacts and hours",
        "Phone 021-6000-8000; onsite service on working days 8:30–17:30, phone cover at other times.",
    ),
    (
        "",
        "staff",
        "服务台交接班检查单（内部）",
        "- 未响应工单\n- 即将超时的 SLA\n- 待发送邮件",
        "Desk shift handover checklist (internal)",
        "- Unanswered tickets\n- SLAs about to breach\n- Mail waiting in the outbox",
    ),
]
# articles revised after publication: (zh title, the new zh body)
REVISIONS = {
    "VPN 无法连接": "1. 确认能打开公司外网页面。\n2. 退出 VPN 客户端后重新登录。\n3. 手机令牌时间不同步时，在令牌应用中选择“同步时间”。\n4. 在酒店等网络中，先在浏览器中完成网络登录。",
    "打印出来有条纹": "条纹多半来自硒鼓或定影器。先打印清洁页（菜单 → 维护 → 清洁页）；仍有条纹请报修，注明打印机资产编号（PRN- 开头）。同一型号多台出现时，服务台会开立问题单统一处理。",
}
UNREAD = "Windows 升级安排"  # nobody opened it for half a year: flagged for review
CANNED = [
    (
        "已远程解决",
        "{requester}，您好：工单 {ticket}「{title}」已远程处理完毕，请确认是否恢复正常。——{agent}",
        "Dear {requester}, ticket {ticket} ({title}) was fixed remotely; please confirm that all works again. — {agent}",
    ),
    (
        "工程师即将到场",
        "{requester}，您好：工程师将在 10 分钟内到您的工位处理 {ticket}。",
        "Dear {requester}, an engineer will be at your desk within 10 minutes for {ticket}.",
    ),
    (
        "需要更多信息",
        "{requester}，您好：为处理 {ticket}，请回复报错截图和资产标签编号。",
        "Dear {requester}, to work on {ticket} please reply with a screenshot of the error and the asset tag.",
    ),
]


def seed_knowledge(people, rng, **_context) -> None:
    by_email = {p.email.split("@")[0]: p for p in people}
    authors = [by_email["agent1"], by_email["agent2"], by_email["engineer1"], by_email["manager"]]
    employees = [p for p in people if p.role == EMPLOYEE]
    now = utcnow()
    made = {}
    for n, (area, audience, zh_title, zh_body, en_title, en_body) in enumerate(ARTICLES):
        author = authors[n % len(authors)]
        written = now - timedelta(days=300 - n * 7, hours=rng.randint(0, 8))
        article = None
        for lang, title, body in (("zh", zh_title, zh_body), ("en", en_title, en_body)):
            if title:
                data = services.ArticleInput(title, body, lang, audience, area)
                article = services.save_article(article, data, actor=author, now=written)
        services.move(article, "publish", actor=author, now=written + timedelta(hours=1))
        article.view_count = rng.randint(5, 120)
        article.last_viewed_at = now - timedelta(days=rng.randint(0, 20))
        made[zh_title] = article
    for title, body in REVISIONS.items():
        article = made[title]
        data = services.ArticleInput(title, body, "zh", article.visibility, article.category)
        services.save_article(
            article, data, actor=by_email["manager"], now=now - timedelta(days=12)
        )
    made[UNREAD].last_viewed_at = now - timedelta(days=200)
    seed_answers(made, employees, rng, now)
    for title, body_zh, body_en in CANNED:
        services.save_canned(None, title=title, body_zh=body_zh, body_en=body_en, shared=True,
                             actor=by_email["agent1"], now=now - timedelta(days=60))  # fmt: skip
    for problem in db.session.scalars(
        sa.select(Problem).where(Problem.status.in_(("resolved", "closed")))
    ):
        if problem.workaround:
            title = f"临时解决办法：{problem.title}"
            services.publish_workaround(problem, lang="zh", title=title[:200],
                                        visibility="employees", actor=by_email["manager"],
                                        now=problem.resolved_at or now)  # fmt: skip
    db.session.flush()


def seed_answers(made: dict[str, Article], employees, rng, now) -> None:
    """This month's requests answered on the request form, and readers' feedback."""
    answering = [
        "Wi-Fi 证书过期，无法连接公司无线网络",
        "VPN 无法连接",
        "打印机卡纸",
        "如何修改域账号密码",
    ]
    typed = ["连不上 wifi", "VPN 连不上", "打印机卡纸了", "密码过期"]
    for day in range(1, 28, 2):
        pick = rng.randrange(len(answering))
        services.deflect(made[answering[pick]], rng.choice(employees), typed[pick],
                         now=now - timedelta(days=day, hours=rng.randint(0, 6)))  # fmt: skip
    for article in made.values():
        for reader in rng.sample(employees, 3):
            services.give_feedback(article, reader, rng.random() < 0.8, now=now - timedelta(days=3))
