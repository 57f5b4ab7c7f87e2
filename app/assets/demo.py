"""Demo register: ~400 CIs in sets with owners, some out of warranty, RMAs and an open audit."""

from datetime import date, timedelta

from app.accounts.roles import APPROVER, EMPLOYEE, ENGINEER, MANAGER
from app.assets import audits, relations, rmas, services
from app.assets.routes import today
from app.extensions import utcnow

LAPTOPS = [("Lenovo", "ThinkPad T14 Gen 4"), ("Dell", "Latitude 7440"), ("HP", "EliteBook 840 G10")]
DESKTOPS = [("Lenovo", "ThinkCentre M90q Gen 4"), ("Dell", "OptiPlex 7010")]
MONITORS = [("Dell", "P2422H"), ("Lenovo", "ThinkVision T24i-30")]
SUPPLIERS = ["联想（上海）授权经销商", "戴尔中国直销", "上海信诺电脑有限公司"]
SOFTWARE = [
    ("OS-WIN11-23H2", "operating_system", "Microsoft", "Windows 11 Enterprise 23H2"),
    ("OS-WIN10-22H2", "operating_system", "Microsoft", "Windows 10 Enterprise 22H2"),
    ("APP-OFFICE-2021", "application", "Microsoft", "Office LTSC 2021"),
    ("APP-SAPGUI-800", "application", "SAP", "SAP GUI 8.00"),
    ("LIC-OFFICE-2021", "licence", "Microsoft", "Office LTSC 2021 volume licence"),
]


class Register:
    """Numbers tags per prefix and registers CIs as the demo engineer."""

    def __init__(self, actor, rng, now):
        self.actor, self.rng, self.now = actor, rng, now
        self.counters: dict[str, int] = {}

    def tag(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}-{self.counters[prefix]:06d}"

    def serial(self) -> str:
        return "".join(self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(10))

    def bought(self, day: date) -> dict:
        """Purchase date and a three-year warranty: older devices are out of warranty."""
        purchased = day - timedelta(days=self.rng.randrange(30, 5 * 365))
        return {
            "purchase_date": purchased,
            "warranty_end": purchased + timedelta(days=3 * 365),
            "supplier": self.rng.choice(SUPPLIERS),
        }

    def add(self, prefix: str, asset_type: str, **values):
        values.setdefault("serial", self.serial())
        values = {"tag": self.tag(prefix), "type": asset_type, **values}
        return services.create_asset(values, actor=self.actor, now=self.now)

    def relate(self, asset, kind: str, target) -> None:
        relations.add_relation(asset, kind, target, actor=self.actor, now=self.now)


def security_values(rng, day: date) -> dict:
    return {
        "default_password_changed": "no" if rng.random() < 0.03 else "yes",
        "password_rotated_on": day - timedelta(days=rng.randrange(0, 100)),
        "antivirus_date": day - timedelta(days=rng.choice([0] * 8 + [1, 1, 2, 3, 5, 9, 15])),
        "patch_level": f"{day.year}-{rng.randrange(1, day.month + 1):02d}",
        "patches_missing": rng.choice([0] * 25 + [1, 2, 4]),
    }


def workstation(reg: Register, user, software: dict, day: date, n: int):
    """A user's set of equipment (S5): computer, monitor(s), dock; runs Windows and Office."""
    rng = reg.rng
    laptop = rng.random() < 0.6 or user.email.startswith("zhang.wei")
    maker, model = rng.choice(LAPTOPS if laptop else DESKTOPS)
    os_tag = "OS-WIN11-23H2" if rng.random() < 0.8 else "OS-WIN10-22H2"
    department = user.department.code if user.department else "GEN"
    computer = reg.add(
        "LAP" if laptop else "DT",
        "laptop" if laptop else "desktop",
        model=model,
        manufacturer=maker,
        owner=user,
        location=user.location,
        hostname=f"SH-{department}-{n:04d}",
        purchase_cost=rng.choice([5999, 7499, 8999, 4599]),
        parameters={
            "ip": f"10.20.{n // 250}.{n % 250 + 2}",
            "cpu": "Intel Core i7-1365U" if laptop else "Intel Core i5-13500T",
            "ram_gb": rng.choice([16, 32]),
            "disk_gb": 512,
            "os_version": software[os_tag].model,
        },
        **reg.bought(day),
        **security_values(rng, day),
    )
    for _ in range(1 if laptop or rng.random() < 0.7 else 2):
        maker, model = rng.choice(MONITORS)
        monitor = reg.add(
            "MON",
            "monitor",
            model=model,
            manufacturer=maker,
            owner=user,
            location=user.location,
            parameters={"size_inch": 24},
            **reg.bought(day),
        )
        reg.relate(computer, "set_member", monitor)
    if laptop and rng.random() < 0.5:
        dock = reg.add(
            "DOCK",
            "dock",
            model="ThinkPad Universal USB-C Dock",
            manufacturer="Lenovo",
            owner=user,
            location=user.location,
            **reg.bought(day),
        )
        reg.relate(computer, "set_member", dock)
    reg.relate(computer, "runs", software[os_tag])
    reg.relate(computer, "runs", software["APP-OFFICE-2021"])
    reg.relate(computer, "licence", software["LIC-OFFICE-2021"])
    return computer


def seed_assets(people, departments, rng, floors, **_context) -> None:
    now, day = utcnow(), today()
    engineer = next(p for p in people if p.role == ENGINEER)
    manager = next(p for p in people if p.role == MANAGER)
    reg = Register(engineer, rng, now)
    software = {}
    for tag, kind, maker, model in SOFTWARE:
        values = {
            "tag": tag,
            "type": kind,
            "manufacturer": maker,
            "model": model,
            "status": "in_use",
        }
        if kind == "licence":
            values["parameters"] = {"seats": 300, "expires_on": date(day.year + 2, 6, 30)}
        software[tag] = services.create_asset(values, actor=engineer, now=now)
    clients = [p for p in people if p.role in (EMPLOYEE, APPROVER)]
    holders = clients[:125]
    computers = {}
    for n, user in enumerate(holders, start=1):
        computers[user.email] = workstation(reg, user, software, day, n)
    seed_floor_devices(reg, departments, floors, computers, people, day)
    seed_stock(reg, day)
    seed_rmas(reg, computers, people, manager, day)
    seed_audit(reg, departments, manager, engineer, now)


def seed_floor_devices(reg: Register, departments, floors, computers, people, day) -> None:
    for n, (code, department) in enumerate(departments.items(), start=1):
        printer = reg.add(
            "PRN",
            "network_printer",
            model="Canon iR-ADV C5535" if code == "EXE" else "HP LaserJet Enterprise M507",
            manufacturer="Canon" if code == "EXE" else "HP",
            department=department,
            status="in_use",
            location=floors[code],
            hostname=f"PRN-{code}",
            parameters={"ip": f"10.30.0.{n + 10}"},
            default_password_changed="no" if code in ("LOG", "PRD") else "yes",
            **reg.bought(day),
        )
        if code == "EXE":  # the CFO's printer belongs to her set of equipment (S5)
            cfo = next(p for p in people if p.email.startswith("chen.jing"))
            if cfo.email in computers:
                reg.relate(computers[cfo.email], "set_member", printer)
    for n, floor in enumerate(sorted(set(floors.values())), start=1):
        reg.add(
            "NET",
            "network_device",
            model="Huawei S5735-L24T4S-A",
            manufacturer="Huawei",
            status="in_use",
            location=floor,
            hostname=f"SW-{n:02d}",
            parameters={"ip": f"10.0.0.{n + 1}", "firmware": "V200R022C00"},
            **reg.bought(day),
        )
    for user in [p for p in people if p.role == EMPLOYEE][:30]:
        reg.add(
            "PHN",
            "phone",
            model="SIP-T54W",
            manufacturer="Yealink",
            owner=user,
            location=user.location,
            parameters={"extension": user.phone[-4:] if user.phone else ""},
            **reg.bought(day),
        )


def seed_stock(reg: Register, day: date) -> None:
    for n in range(24):
        maker, model = (LAPTOPS if n % 2 else MONITORS)[n % 2]
        reg.add(
            "LAP" if n % 2 else "MON",
            "laptop" if n % 2 else "monitor",
            model=model,
            manufacturer=maker,
            status="in_stock",
            location="A座 B1 IT 仓库",
            **reg.bought(day),
        )
    for _ in range(10):
        maker, model = DESKTOPS[1]
        reg.add(
            "DT",
            "desktop",
            model=model,
            manufacturer=maker,
            status="retired",
            location="A座 B1 IT 仓库",
            purchase_date=day - timedelta(days=6 * 365),
            warranty_end=day - timedelta(days=3 * 365),
        )


def seed_rmas(reg: Register, computers, people, manager, day: date) -> None:
    """One repair still at the vendor, one returned last month that the client pays for."""
    from app.contracts.services import get_contract
    from app.tickets.actions import accept
    from app.tickets.services import NewTicket, open_ticket

    contract = get_contract()
    # out of warranty: the vendor coordinates the RMA and the client pays (S1)
    owners = [
        p
        for p in people
        if p.email in computers
        and computers[p.email].warranty_end < day
        and not p.email.startswith("zhang.wei")  # his laptop stays on his desk (SCENARIOS 1)
    ]
    for owner, returned in ((owners[0], False), (owners[1], True)):
        computer = computers[owner.email]
        ticket = open_ticket(
            NewTicket(
                title="笔记本无法开机，主板故障" if not returned else "屏幕花屏，需更换屏幕",
                catalog_code="coord.hw_vendor",
                channel="phone",
                requester=owner,
                urgency="medium",
                impact="low",
                asset_tags=[computer.tag],
            ),
            actor=reg.actor,
            now=reg.now - timedelta(days=40 if returned else 3),
            contract=contract,
        )
        accept(ticket, actor=reg.actor, now=reg.now, contract=contract)
        sent = day - timedelta(days=40 if returned else 3)
        rma = rmas.open_rma(
            computer,
            {
                "ticket": ticket.number,
                "vendor": "联想售后服务中心",
                "rma_number": f"RMA{reg.serial()}",
                "sent_on": sent,
            },
            actor=reg.actor,
            now=reg.now,
            today=day,
        )
        if returned:
            rmas.return_rma(
                rma,
                {"returned_on": sent + timedelta(days=12), "cost": "1280.00", "status": "in_use"},
                actor=reg.actor,
                now=reg.now,
            )


def seed_audit(reg: Register, departments, manager, engineer, now) -> None:
    """The Sales department's audit, half walked: some present, one moved, one missing."""
    audit = audits.open_audit(
        "销售部年度盘点", location="", department=departments["SAL"], actor=manager, now=now
    )
    lines = audits.items(audit)
    for n, item in enumerate(lines[: len(lines) // 2]):
        moved = "B座 3F 会议室" if n == 3 else ""
        audits.check(
            audit,
            item.tag,
            present=n != 5,
            found_location=moved,
            note="显示器型号与登记不符" if n == 8 else "",
            actor=engineer,
            now=now,
        )
    spare = reg.add("MON", "monitor", model="P2422H", manufacturer="Dell", status="in_stock")
    audits.check(audit, spare.tag, present=True, found_location="B座 2F", actor=engineer, now=now)
