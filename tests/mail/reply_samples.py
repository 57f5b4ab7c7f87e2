"""Replies to the desk's mail as the common clients write them (plain-text bodies as the
intake reads them): what the sender wrote now, and the quoted mail and signature under it."""

DESK_QUOTE_ZH = "您好 张伟，\n工程师回复了您的工单 INC-2026-000123：\n请重启打印机后再试一次。"
DESK_QUOTE_EN = "Hello John,\nThe engineer replied to INC-2026-000123:\nPlease restart the printer."

# name → (body as received, what the sender wrote)
SAMPLES = {
    "outlook_zh": (
        "打印机还是不能用，麻烦再看一下。\n"
        "\n"
        "张伟\n"
        "财务部 | 分机 8021\n"
        "\n"
        "发件人: Deskpact 服务台 <servicedesk@deskpact.test>\n"
        "发送时间: 2026年12月3日 10:05\n"
        "收件人: 张伟 <zhang.wei@client.test>\n"
        "主题: [INC-2026-000123] 新回复：打印机卡纸\n"
        "\n" + DESK_QUOTE_ZH,
        "打印机还是不能用，麻烦再看一下。\n\n张伟\n财务部 | 分机 8021",
    ),
    "outlook_zh_full_width": (
        "已经可以打印了，谢谢！\n"
        "\n"
        "发件人： Deskpact 服务台 <servicedesk@deskpact.test>\n"
        "发送时间： 2026年12月3日 星期四 10:05\n"
        "收件人： 张伟\n"
        "抄送： 李娜\n"
        "主题： [INC-2026-000123] 新回复\n"
        "\n" + DESK_QUOTE_ZH,
        "已经可以打印了，谢谢！",
    ),
    "outlook_zh_original_message": (
        "今天下午三点以后我都在。\n"
        "\n"
        "-----原始邮件-----\n"
        "发件人: Deskpact 服务台 [mailto:servicedesk@deskpact.test]\n"
        "发送时间: 2026年12月3日 10:05\n"
        "收件人: 张伟\n"
        "主题: [INC-2026-000123] 新回复\n"
        "\n" + DESK_QUOTE_ZH,
        "今天下午三点以后我都在。",
    ),
    "outlook_en": (
        "Still broken after the restart.\n"
        "Can someone come by before 3 pm?\n"
        "\n"
        "Best regards,\n"
        "John Smith\n"
        "Finance | ext. 8021\n"
        "\n"
        "________________________________\n"
        "From: Deskpact Service Desk <servicedesk@deskpact.test>\n"
        "Sent: Thursday, December 3, 2026 10:05 AM\n"
        "To: John Smith <john.smith@client.test>\n"
        "Subject: [INC-2026-000123] New reply: printer jam\n"
        "\n" + DESK_QUOTE_EN,
        "Still broken after the restart.\nCan someone come by before 3 pm?",
    ),
    "outlook_en_original_message": (
        "Thanks, but it still fails when I print double-sided.\n"
        "- tray 2 only\n"
        "- since Monday\n"
        "\n"
        "-----Original Message-----\n"
        "From: Deskpact Service Desk\n"
        "Sent: Thursday, December 3, 2026 10:05 AM\n"
        "To: John Smith\n"
        "Subject: [INC-2026-000123] New reply\n"
        "\n" + DESK_QUOTE_EN,
        "Thanks, but it still fails when I print double-sided.\n- tray 2 only\n- since Monday",
    ),
    "foxmail": (
        "好的，明天上午我在座位上，B2 栋 3 楼。\n"
        "\n"
        "\n"
        "张伟\n"
        "\n"
        "------------------&nbsp;原始邮件&nbsp;------------------\n"
        '发件人: "Deskpact 服务台"<servicedesk@deskpact.test>;\n'
        "发送时间: 2026年12月3日(星期四) 上午10:05\n"
        '收件人: "张伟"<zhang.wei@client.test>;\n'
        "主题: [INC-2026-000123] 新回复\n"
        "\n" + DESK_QUOTE_ZH,
        "好的，明天上午我在座位上，B2 栋 3 楼。\n\n\n张伟",
    ),
    "qq_mail": (
        "重启过了，还是卡纸。\n"
        "\n"
        "------------------ 原始邮件 ------------------\n"
        '发件人："Deskpact 服务台" <servicedesk@deskpact.test>;\n'
        "发送时间：2026年12月3日(星期四) 上午10:05\n"
        '收件人："张伟" <zhang.wei@client.test>;\n'
        "主题：[INC-2026-000123] 新回复\n"
        "\n" + DESK_QUOTE_ZH,
        "重启过了，还是卡纸。",
    ),
    "gmail_zh": (
        "重启以后还是一样，屏幕上显示错误 E-302。\n"
        "\n"
        "Deskpact 服务台 <servicedesk@deskpact.test> 于2026年12月3日周四 10:05写道：\n"
        "\n" + "\n".join(f"> {line}" for line in DESK_QUOTE_ZH.split("\n")),
        "重启以后还是一样，屏幕上显示错误 E-302。",
    ),
    "gmail_en": (
        "It works now, thanks.\n"
        "\n"
        "-- \n"
        "John Smith\n"
        "\n"
        "On Thu, Dec 3, 2026 at 10:05 AM Deskpact Service Desk <servicedesk@deskpact.test>\n"
        "wrote:\n"
        "\n" + "\n".join(f"> {line}" for line in DESK_QUOTE_EN.split("\n")),
        "It works now, thanks.",
    ),
    "iphone_zh": (
        "可以了\n"
        "\n"
        "发自我的iPhone\n"
        "\n"
        "> 在 2026年12月3日，10:05，Deskpact 服务台 <servicedesk@deskpact.test> 写道：\n"
        ">\n" + "\n".join(f"> {line}" for line in DESK_QUOTE_ZH.split("\n")),
        "可以了",
    ),
    "iphone_en": (
        "Thanks, all good.\n"
        "\n"
        "Sent from my iPhone\n"
        "\n"
        "> On Dec 3, 2026, at 10:05, Deskpact Service Desk <servicedesk@deskpact.test> wrote:\n"
        ">\n" + "\n".join(f"> {line}" for line in DESK_QUOTE_EN.split("\n")),
        "Thanks, all good.",
    ),
    "android_huawei": (
        "收到，我下午过去拿。\n"
        "\n"
        "发自我的华为手机\n"
        "\n"
        "-------- 原始邮件 --------\n"
        "发件人： Deskpact 服务台 <servicedesk@deskpact.test>\n"
        "日期： 2026年12月3日周四 10:05\n"
        "收件人： 张伟 <zhang.wei@client.test>\n"
        "主题： [INC-2026-000123] 新回复\n"
        "\n" + DESK_QUOTE_ZH,
        "收到，我下午过去拿。",
    ),
    "quoted_lines_only_below": (
        "请明天上午来。\n\n> " + "\n> ".join(DESK_QUOTE_ZH.split("\n")),
        "请明天上午来。",
    ),
    "interleaved_answer_keeps_the_quote": (
        "> 请问是哪一台打印机？\n三楼东侧那台 HP M404。\n> 什么时候开始的？\n今天早上。",
        "> 请问是哪一台打印机？\n三楼东侧那台 HP M404。\n> 什么时候开始的？\n今天早上。",
    ),
    "no_quote_at_all": (
        "显示器闪屏，型号 Dell P2422H。\n- 换了线也一样\n- 另一台电脑正常",
        "显示器闪屏，型号 Dell P2422H。\n- 换了线也一样\n- 另一台电脑正常",
    ),
}
