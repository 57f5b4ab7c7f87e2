"""Builds the demo client: departments, people with every role, the contract."""

import random

import sqlalchemy as sa

from app.access import demo as access_demo
from app.accounts.models import Department, User
from app.accounts.roles import ADMIN, AGENT, APPROVER, EMPLOYEE, ENGINEER, MANAGER
from app.assets import demo as assets_demo
from app.changes import demo as changes_demo
from app.contracts.services import get_contract
from app.demo.people import DEPARTMENTS, ENGLISH_FIRST, ENGLISH_LAST, GIVEN, PINYIN, SURNAMES
from app.documents import demo as documents_demo
from app.escalations import demo as escalations_demo
from app.extensions import db
from app.improvements import demo as improvements_demo
from app.installations import demo as installations_demo
from app.knowledge import demo as knowledge_demo
from app.meetings import demo as meetings_demo
from app.notices import demo as notices_demo
from app.onboarding import demo as onboarding_demo
from app.problems import demo as problems_demo
from app.reports import demo as reports_demo
from app.settlements import demo as settlements_demo
from app.surveys import demo as surveys_demo
from app.tickets import demo as tickets_demo
from app.training import demo as training_demo

PASSWORD = "deskpact-demo"
# each domain's demo data, in the order they build on each other, after the people exist
DOMAIN_SEEDERS = (
    tickets_demo.seed_tickets,
    assets_demo.seed_assets,
    changes_demo.seed_changes,
    installations_demo.seed_installations,
    problems_demo.seed_problems,
    knowledge_demo.seed_knowledge,
    surveys_demo.seed_surveys,
    reports_demo.seed_reports,
    settlements_demo.seed_settlements,
    escalations_demo.seed_escalations,
    meetings_demo.seed_meetings,
    notices_demo.seed_notices,
    improvements_demo.seed_improvements,
    documents_demo.seed_documents,
    onboarding_demo.seed_onboarding,
    access_demo.seed_access,
    training_demo.seed_training,
)
CLIENT_DOMAIN = "client.example"
VENDOR_DOMAIN = "vendor.example"

# The people the week's stories are about (SCENARIOS.md).
NAMED = [
    # email, name, role, department, vip, language, phone
    ("zhang.wei", "张伟", EMPLOYEE, "FIN", False, "zh", "13800000001"),
    ("chen.jing", "陈静", EMPLOYEE, "EXE", True, "zh", "13800000002"),  # the CFO
    ("anna.mueller", "Anna Müller", EMPLOYEE, "EXE", True, "en", "13800000003"),
    ("li.na", "李娜", APPROVER, "ADM", False, "zh", "13800000004"),  # client IT manager
    ("thomas.weber", "Thomas Weber", APPROVER, "FIN", False, "en", "13800000005"),
]
VENDOR_STAFF = [
    ("agent1", "王芳", AGENT, "zh"),
    ("agent2", "刘洋", AGENT, "zh"),
    ("agent3", "Kevin Walker", AGENT, "en"),
    ("engineer1", "赵磊", ENGINEER, "zh"),
    ("engineer2", "孙杰", ENGINEER, "zh"),
    ("engineer3", "周明", ENGINEER, "zh"),
    ("engineer4", "Eric Brown", ENGINEER, "en"),
    ("manager", "黄建华", MANAGER, "zh"),
    ("admin", "系统管理员", ADMIN, "zh"),
]


def seed(employees: int = 200, if_empty: bool = False, rng_seed: int = 2026) -> dict | None:
    """Add the demo client; returns the logins to print, or None when skipped."""
    if if_empty and db.session.scalar(sa.select(sa.func.count(User.id))):
        return None
    rng = random.Random(rng_seed)
    departments = seed_departments()
    password_hash = hashed(PASSWORD)
    people = []
    for local, name, role, dept, vip, lang, phone in NAMED:
        people.append(
            person(f"{local}@{CLIENT_DOMAIN}", name, role, departments[dept], vip, lang, phone)
        )
    for local, name, role, lang in VENDOR_STAFF:
        people.append(person(f"{local}@{VENDOR_DOMAIN}", name, role, None, False, lang, ""))
    taken = {p.email for p in people}
    for index in range(employees - sum(1 for p in people if p.role == EMPLOYEE)):
        department = rng.choice(list(departments.values()))
        if rng.random() < 0.15:
            first, last = rng.choice(ENGLISH_FIRST), rng.choice(ENGLISH_LAST)
            name, local, lang = f"{first} {last}", f"{first}.{last}".lower(), "en"
            local = local.replace("ü", "ue")
        else:
            surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
            name, local, lang = surname + given, f"{PINYIN[surname]}{index:03d}", "zh"
        email = f"{local}@{CLIENT_DOMAIN}"
        if email in taken:
            email = f"{local}{index}@{CLIENT_DOMAIN}"
        taken.add(email)
        vip = rng.random() < 0.04
        phone = f"139{rng.randrange(10**8):08d}"
        people.append(person(email, name, EMPLOYEE, department, vip, lang, phone))
    for user in people:
        user.password_hash = password_hash
    db.session.add_all(people)
    db.session.flush()
    by_email = {p.email: p for p in people}
    contract = get_contract()
    contract.client_name = "华东精密制造（上海）有限公司"
    contract.vendor_name = "启航信息技术服务有限公司"
    contract.support_phone = "021-6000-8000"
    contract.vendor_project_manager_id = by_email[f"manager@{VENDOR_DOMAIN}"].id
    contract.customer_service_manager_id = by_email[f"manager@{VENDOR_DOMAIN}"].id
    contract.client_project_lead_id = by_email[f"thomas.weber@{CLIENT_DOMAIN}"].id
    contract.client_management_contact_id = by_email[f"anna.mueller@{CLIENT_DOMAIN}"].id
    contract.client_it_contact_id = by_email[f"li.na@{CLIENT_DOMAIN}"].id
    floors = {code: floor for code, _zh, _en, floor in DEPARTMENTS}
    for add_domain_data in DOMAIN_SEEDERS:
        add_domain_data(people=people, departments=departments, floors=floors, rng=rng)
    db.session.commit()
    accounts = [(u.role, u.email) for u in people if u.email.split("@")[1] == VENDOR_DOMAIN]
    accounts += [(role, f"{local}@{CLIENT_DOMAIN}") for local, _, role, *_ in NAMED]
    return {"password": PASSWORD, "accounts": accounts}


def hashed(password: str) -> str:
    user = User()
    user.set_password(password)
    return user.password_hash


def seed_departments() -> dict[str, Department]:
    departments = {}
    for code, zh, en, _floor in DEPARTMENTS:
        department = db.session.scalar(sa.select(Department).where(Department.code == code))
        if department is None:
            department = Department(code=code, name_zh=zh, name_en=en)
            db.session.add(department)
        departments[code] = department
    db.session.flush()
    return departments


def person(email, name, role, department, vip, language, phone) -> User:
    floor = next((d[3] for d in DEPARTMENTS if department and d[0] == department.code), "")
    return User(
        email=email,
        name=name,
        role=role,
        department=department,
        location=f"{floor} {sum(map(ord, email)) % 40 + 1:02d}号工位" if floor else "",
        vip=vip,
        language=language,
        phone=phone,
    )
