"""The printed report's wording in both editions (zh, en).

The PDF is a contractual document issued in two fixed languages (S11: format confirmed by the
client), so its wording lives here as pairs rather than in the UI catalog: the Chinese edition
is complete whatever state the interface translation is in. Pages use gettext as usual.
"""

# key: (Chinese, English)
TEXTS: dict[str, tuple[str, str]] = {
    "monthly_title": ("月度服务报告", "Monthly service report"),
    "quarterly_title": ("季度服务报告", "Quarterly service report"),
    "client": ("客户", "Client"),
    "vendor": ("服务商", "Vendor"),
    "period": ("报告期间", "Period"),
    "version": ("版本", "Version"),
    "status": ("状态", "Status"),
    "generated_at": ("生成时间", "Generated"),
    "as_of": ("数据截至", "Figures as of"),
    "prepared_by": ("编制", "Prepared by"),
    "recipient": ("接收人", "For"),
    "page": ("第 {page} 页，共 {pages} 页", "Page {page} of {pages}"),
    "contents": ("目录", "Contents"),
    "no_data": ("本期无数据。", "No data in this period."),
    "more": ("另有 {n} 项未列出。", "{n} more not listed."),
    "total": ("合计", "Total"),
    "count": ("数量", "Count"),
    "percent": ("比例", "Share"),
    "tickets": ("工单", "Tickets"),
    "ticket": ("工单号", "Ticket"),
    "title": ("标题", "Title"),
    "date": ("日期", "Date"),
    "none": ("无", "none"),
    # 1 executive summary
    "summary": ("执行摘要", "Executive summary"),
    "key_figure": ("指标", "Key figure"),
    "value": ("本期", "This period"),
    "target": ("目标", "Target"),
    "verdict": ("结论", "Verdict"),
    "met": ("达标", "Met"),
    "not_met": ("未达标", "Not met"),
    "tickets_received": ("受理工单", "Tickets received"),
    "tickets_resolved": ("已解决工单", "Tickets resolved"),
    "sla_overall": ("服务水平总体达成率", "Service levels attained overall"),
    "breaches": ("违约（超时）次数", "Breaches"),
    "satisfaction": ("客户满意度", "Customer satisfaction"),
    "response_rate": ("问卷回复率", "Survey response rate"),
    "complaints_count": ("投诉及重大事件", "Complaints and major incidents"),
    "changes_done_count": ("已完成变更", "Changes completed"),
    "rmas_count": ("新送修（RMA）", "RMAs opened"),
    "manager_comment": ("项目经理意见", "Project manager's comment"),
    # 2 volume
    "volume": ("工单量", "Ticket volume"),
    "by_group": ("按服务目录分类", "By catalog group"),
    "by_channel": ("按渠道", "By channel"),
    "by_department": ("按部门", "By department"),
    "by_day": ("按日", "By day"),
    "by_priority": ("按优先级", "By priority"),
    "by_type": ("按类型", "By type"),
    "group": ("分类", "Catalog group"),
    "channel": ("渠道", "Channel"),
    "department": ("部门", "Department"),
    "priority": ("优先级", "Priority"),
    "type": ("类型", "Type"),
    "day_axis": ("工单数", "Tickets"),
    # 3 service levels
    "sla": ("服务水平达成", "Service-level attainment"),
    "sla_note": (
        "统计本期受理的工单；按合同工作日历计算服务时间（节假日及非工作时间暂停，调休工作日计入）。"
        "已超时但尚未结束的计时计为违约，仍在目标内的计为“进行中”，已取消的不计。",
        "Tickets opened in the period; service time on the contract's working calendar (paused "
        "outside working hours and on holidays, adjusted working days count). A clock already "
        "past its target counts as breached even if still running; clocks within target are "
        "open; cancelled ones are not measured.",
    ),
    "measure": ("指标", "Measure"),
    "scope": ("范围", "Scope"),
    "measured": ("已计量", "Counted"),
    "met_count": ("达标", "Met"),
    "breached_count": ("违约", "Breached"),
    "open_count": ("进行中", "Open"),
    "attained": ("达成率", "Attained"),
    "attainment_chart": ("各项服务水平达成率", "Attainment per measure"),
    "breach_list": ("违约明细及原因", "Breaches and their reasons"),
    "used": ("实际用时", "Used"),
    "over": ("超出", "Over"),
    "reason": ("原因", "Reason"),
    "no_reason": ("（未记录原因）", "(no reason recorded)"),
    "reason_note": ("说明", "Note"),
    "breach_count": ("共 {n} 次", "{n} in total"),
    "no_breaches": ("本期无违约。", "No breaches in this period."),
    "minutes": ("{n} 分钟", "{n} min"),
    "hours": ("{n} 小时", "{n} h"),
    "rings": ("{n} 声", "{n} rings"),
    # a target in plain terms with its minutes beside: "3 working days (1,620 min)"
    "target_days": ("{n} 个工作日（{m} 分钟）", "{n} working days ({m} min)"),
    "target_day": ("{n} 个工作日（{m} 分钟）", "{n} working day ({m} min)"),
    "target_hours": ("{n} 小时（{m} 分钟）", "{n} hours ({m} min)"),
    "target_hour": ("{n} 小时（{m} 分钟）", "{n} hour ({m} min)"),
    "within": ("≤ {target}", "≤ {target}"),
    # 4 satisfaction
    "satisfaction_section": ("客户满意度及问卷回复率", "Satisfaction and response rate"),
    "satisfaction_definition": (
        "满意度 = 总体评分不低于 {good} 分（满分 5 分）的答卷占比；"
        "回复率 = 答卷数 ÷ 发出问卷数。目标：不低于 {target}%。",
        "Satisfaction = share of answers rating the service {good} or more (of 5); response "
        "rate = answers ÷ surveys sent. Target: at least {target} %.",
    ),
    "surveys_sent": ("发出问卷", "Surveys sent"),
    "answers": ("答卷", "Answers"),
    "month": ("月份", "Month"),
    "satisfaction_chart": ("满意度及回复率趋势", "Satisfaction and response rate by month"),
    "satisfaction_series": ("满意度 %", "Satisfaction %"),
    "response_series": ("回复率 %", "Response rate %"),
    "below_target": ("空心点：低于目标", "hollow: below target"),
    "target_line": ("目标 {target}%", "Target {target} %"),
    # 5 complaints
    "complaints": ("投诉及重大事件", "Complaints and major incidents"),
    "complaints_open_at_end": ("期末未结", "Open at period end"),
    "kind": ("类别", "Kind"),
    "severity": ("严重程度", "Severity"),
    "outcome": ("处理结果", "Outcome"),
    # 6 top issues
    "top_issues": (
        "高发问题（问题管理输入）",
        "Top recurring issues (input to problem management)",
    ),
    "top_items": ("按服务目录项", "By catalog item"),
    "top_models": ("按设备型号（2 次及以上故障）", "By device model (2 incidents or more)"),
    "incidents": ("故障数", "Incidents"),
    "item": ("服务目录项", "Catalog item"),
    "code": ("代码", "Code"),
    "model": ("型号", "Model"),
    "examples": ("工单示例", "Example tickets"),
    # 7 problem management
    "problems": ("问题管理", "Problem management"),
    "problems_summary": (
        "本期新建问题 {opened} 个，解决 {resolved} 个，期末未解决 {open} 个。",
        "{opened} problems opened and {resolved} resolved in the period; {open} open at its end.",
    ),
    "problems_opened": ("本期新建的问题", "Problems opened in the period"),
    "problems_resolved": ("本期解决的问题", "Problems resolved in the period"),
    "root_cause": ("根本原因", "Root cause"),
    "fix": ("解决方案", "Fix"),
    "recurring_items": ("重复发生的故障", "Recurring incidents"),
    "recurring_note": (
        "本期内同一资产、同一型号或同一服务目录项上重复出现的故障（达到合同设定的次数）。",
        "Incidents of the period repeating on one asset, model or catalog item (as often as "
        "the contract's settings ask).",
    ),
    "recurring_on": ("重复类型", "Repeats on"),
    "recurring_value": ("资产 / 型号 / 服务目录项", "Asset / model / catalog item"),
    "problem": ("问题", "Problem"),
    "no_problem": ("未建问题", "no problem yet"),
    "escalations": ("升级", "Escalations"),
    "escalations_summary": (
        "本期共升级 {n} 次，其中 {open} 次尚未关闭。按类别和达到的最高级别统计：",
        "{n} escalations were opened in the period, {open} of them still open. By kind and the "
        "highest level reached:",
    ),
    "escalation_kind": ("类别", "Kind"),
    "escalation_level": ("第{n}级", "Level {n}"),
    "deflected": ("知识库解决的请求", "Requests answered by the knowledge base"),
    "deflected_summary": (
        "本期有 {n} 个请求在提交前由知识文章解决，未创建工单。",
        "{n} requests were answered by a knowledge article before they were filed, without a "
        "ticket.",
    ),
    "article": ("文章", "Article"),
    "training": ("培训", "Training"),
    "training_summary": (
        "本期举办培训 {sessions} 场，共 {attendance} 人次参加。",
        "{sessions} training sessions were held in the period, attended {attendance} times.",
    ),
    # 8 changes
    "changes": ("变更", "Changes"),
    "changes_done": ("本期完成的变更", "Changes done in the period"),
    "changes_planned": ("下期计划的变更", "Changes planned for the next period"),
    "number": ("编号", "Number"),
    "risk": ("风险", "Risk"),
    "planned_start": ("计划开始", "Planned start"),
    "finished_at": ("完成时间", "Finished"),
    # 9 assets
    "assets": ("资产变动、送修及保修到期", "Asset movements, RMAs and warranty expiries"),
    "movements": ("资产变动", "Asset movements"),
    "asset": ("资产编号", "Asset"),
    "field": ("变动项", "Change"),
    "from": ("原值", "From"),
    "to": ("新值", "To"),
    "authorized_by": ("授权单据", "Authorised by"),
    "rmas": ("送修（RMA）", "RMAs"),
    "rmas_summary": (
        "本期送修 {opened} 台，返回 {returned} 台，期末在修 {open} 台；"
        "客户承担的保外维修费用 ¥{cost}。",
        "{opened} sent, {returned} returned, {open} still away at period end; out-of-warranty "
        "repairs paid by the client: ¥{cost}.",
    ),
    "rma_vendor": ("厂商", "Vendor"),
    "sent_on": ("送出", "Sent"),
    "returned_on": ("返回", "Returned"),
    "in_warranty": ("保内", "In warranty"),
    "cost": ("费用", "Cost"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "warranty": ("保修到期", "Warranty expiries"),
    "warranty_summary": (
        "本期到期 {expired} 台；之后 {days} 天内到期 {expiring} 台。",
        "{expired} expired in the period; {expiring} more expire within {days} days after it.",
    ),
    "warranty_end": ("保修截止", "Warranty end"),
    "expired": ("已到期", "expired"),
    "expiring": ("即将到期", "expiring"),
    # 10 staffing
    "staffing": ("人员配置", "Staffing in the period"),
    "staff_office": ("工作时间在岗人数（合同）", "Staff in office hours (contract)"),
    "staff_outside": ("非工作时间在岗人数（合同）", "Staff outside office hours (contract)"),
    "agents": ("服务台人员", "Service desk agents"),
    "engineers": ("现场工程师", "Onsite engineers"),
    "workdays": ("本期工作日", "Working days in the period"),
    "workload": ("处理人工作量", "Workload by assignee"),
    "assignee": ("处理人", "Assignee"),
    # quarterly
    "trend": ("季度趋势", "Trend over the quarter"),
    # the quarterly report's service improvements (S18)
    "improvements": ("服务改进", "Service improvements"),
    "improvements_summary": (
        "本季度跟进的服务改进 {total} 项，其中完成 {done} 项。",
        "{total} service improvements followed in the quarter, {done} of them done.",
    ),
    "improvement_source": ("来源", "Source"),
    "improvement_owner": ("负责人", "Owner"),
    "target_on": ("目标日期", "Target date"),
    "effect": ("效果", "Measured effect"),
    "trend_tickets": ("每月工单量", "Tickets per month"),
    "trend_rates": ("每月服务水平达成率及满意度", "Service levels and satisfaction per month"),
    "trend_sla": ("服务水平达成率 %", "SLA attained %"),
}

LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "channel": {
        "web": ("网页", "Web"),
        "email": ("邮件", "Email"),
        "phone": ("电话", "Phone"),
        "walk_in": ("现场来访", "Walk-in"),
    },
    "metric": {
        "response": ("服务台响应", "Desk response"),
        "phone": ("电话接听", "Phone answered"),
        "remote_limit": ("远程处理转现场时限", "Remote-to-onsite limit"),
        "onsite_arrival": ("工程师到场", "Onsite arrival"),
        "resolution": ("解决时间", "Resolution"),
    },
    "scope": {
        "email": ("邮件", "Email"),
        "web": ("网页", "Web"),
        "walk_in": ("现场来访", "Walk-in"),
        "phone": ("电话", "Phone"),
        "hw": ("硬件", "Hardware"),
        "sys": ("系统", "System"),
        "all": ("全部", "All"),
    },
    "type": {
        "incident": ("故障", "Incident"),
        "request": ("服务请求", "Service request"),
        "installation": ("设备安装", "Installation"),
    },
    "report_status": {
        "draft": ("草稿", "Draft"),
        "reviewed": ("已审核", "Reviewed"),
        "sent": ("已发送", "Sent"),
        "acknowledged": ("客户已确认", "Acknowledged"),
    },
    "complaint_kind": {
        "complaint": ("投诉", "Complaint"),
        "major_incident": ("重大事件", "Major incident"),
    },
    "complaint_status": {
        "open": ("待处理", "Open"),
        "in_progress": ("处理中", "Being handled"),
        "awaiting_acknowledgement": ("待客户确认", "Awaiting acknowledgement"),
        "closed": ("已关闭", "Closed"),
    },
    "level": {"high": ("高", "High"), "medium": ("中", "Medium"), "low": ("低", "Low")},
    # why a service level was missed (app.sla.rules.BREACH_REASONS)
    "breach_reason": {
        "waiting_user": ("等待用户", "Waiting for the user"),
        "third_party": ("等待第三方或厂商", "Waiting for a third party or manufacturer"),
        "spare_parts": ("等待备件", "Waiting for spare parts"),
        "no_access": ("无法进入现场或接触设备", "No access to the site or device"),
        "workload": ("同时段请求过多", "Many requests at the same time"),
        "misrouted": ("最初分类或派单有误", "Classified or routed wrongly at first"),
        "other": ("其他原因", "Other reason"),
    },
    "escalation_kind": {
        "service": ("服务", "Service"),
        "technical": ("技术", "Technical"),
        "contract": ("合同", "Contract"),
        "personnel": ("人员", "Personnel"),
    },
    "problem_severity": {
        "critical": ("严重", "Critical"),
        "major": ("重要", "Major"),
        "minor": ("一般", "Minor"),
    },
    "problem_status": {
        "open": ("新建", "New"),
        "under_investigation": ("调查中", "Under investigation"),
        "root_cause_known": ("已查明根本原因", "Root cause known"),
        "fix_planned": ("已制定解决计划", "Fix planned"),
        "resolved": ("已解决", "Resolved"),
        "closed": ("已关闭", "Closed"),
    },
    "recurrence_kind": {
        "asset": ("同一资产", "Same asset"),
        "model": ("同一型号", "Same model"),
        "catalog_item": ("同一服务目录项", "Same catalog item"),
    },
    "change_kind": {
        "standard": ("标准变更", "Standard"),
        "normal": ("一般变更", "Normal"),
        "emergency": ("紧急变更", "Emergency"),
    },
    "change_status": {
        "draft": ("草稿", "Draft"),
        "submitted": ("待审批", "Waiting for approval"),
        "approved": ("已批准", "Approved"),
        "rejected": ("已拒绝", "Rejected"),
        "scheduled": ("已排期", "Scheduled"),
        "in_progress": ("实施中", "In progress"),
        "completed": ("已完成", "Completed"),
        "failed": ("失败", "Failed"),
        "backed_out": ("已回退", "Backed out"),
        "closed": ("已关闭", "Closed"),
    },
    "improvement_status": {
        "proposed": ("已提出", "Proposed"),
        "in_progress": ("进行中", "In progress"),
        "done": ("已完成", "Done"),
        "dropped": ("已放弃", "Dropped"),
    },
    "improvement_source": {
        "meeting": ("会议", "Meeting"),
        "complaint": ("投诉", "Complaint"),
        "problem": ("问题", "Problem"),
        "survey": ("满意度调查", "Survey"),
        "other": ("其他", "Other"),
    },
    "movement": {
        "created": ("登记入册", "Registered"),
        "owner": ("使用人", "Owner"),
        "department": ("部门", "Department"),
        "location": ("位置", "Location"),
        "status": ("状态", "Status"),
    },
}


def text(key: str, lang: str, **values) -> str:
    """The wording of `key` in the edition's language, with {placeholders} filled."""
    zh, en = TEXTS[key]
    template = zh if lang == "zh" else en
    return template.format(**values) if values else template


def label(kind: str, key, lang: str) -> str:
    """A code's name (a channel, a status…) in the edition's language; unknown codes as-is."""
    pair = LABELS.get(kind, {}).get(key)
    if pair is None:
        return "—" if key is None else str(key)
    return pair[0] if lang == "zh" else pair[1]
