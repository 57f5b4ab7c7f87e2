"""The questionnaires every deployment starts with (version 1); managers edit them later."""

from app.surveys.rules import OVERALL, QuestionSpec

TITLES = {
    "ticket": ("服务满意度调查", "How did we do?"),
    "relationship": ("IT 服务满意度年度调查", "IT service satisfaction survey"),
}

SOLVED = QuestionSpec("solved", "yes_no", "您的问题解决了吗？", "Was your problem solved?")
COMMENT = QuestionSpec(
    "comment", "text", "还有什么想告诉我们的吗？", "Anything else you want to tell us?"
)

QUESTIONS = {
    "ticket": (
        QuestionSpec(
            OVERALL,
            "rating",
            "您对本次服务的总体满意度如何？",
            "Overall, how satisfied are you with this service?",
            True,
        ),
        QuestionSpec("speed", "rating", "处理速度如何？", "How satisfied are you with the speed?"),
        QuestionSpec(
            "attitude",
            "rating",
            "工程师的服务态度如何？",
            "How satisfied are you with the engineer's attitude?",
        ),
        SOLVED,
        COMMENT,
    ),
    "relationship": (
        QuestionSpec(
            OVERALL,
            "rating",
            "您对 IT 服务的总体满意度如何？",
            "Overall, how satisfied are you with the IT service?",
            True,
        ),
        QuestionSpec(
            "reach", "rating", "联系服务台是否方便？", "How easy is it to reach the service desk?"
        ),
        QuestionSpec(
            "channel",
            "choice",
            "您最常用哪种方式报告问题？",
            "How do you usually report a problem?",
            False,
            (
                {"value": "c1", "zh": "电话", "en": "Phone"},
                {"value": "c2", "zh": "邮件", "en": "Email"},
                {"value": "c3", "zh": "门户网站", "en": "The portal"},
            ),
        ),
        QuestionSpec(
            "recommend",
            "yes_no",
            "您会向同事推荐使用服务台吗？",
            "Would you recommend the service desk to a colleague?",
        ),
        COMMENT,
    ),
}
