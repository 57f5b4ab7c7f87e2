"""Sign-in with the client's directory against a real slapd: the first sign-in makes the
account, groups give roles, disabled accounts stay out, and the sync imports everyone."""

import gc
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.accounts import jobs
from app.accounts.models import Department, User
from app.audit.models import AuditEvent
from app.extensions import db
from app.mail.models import OutboxMessage
from tests.conftest import ROLE_EMAILS
from tests.ldapserver import BIND_DN, BIND_PASSWORD, GROUPS, PEOPLE

SECRET = "Directory pass 2026"


@pytest.fixture
def directory(app, ldap_server, monkeypatch):
    """The app signs in against the private slapd, approvers and desk agents by group."""
    for name, value in {
        "LDAP_URL": ldap_server.url,
        "LDAP_BIND_DN": BIND_DN,
        "LDAP_BIND_PASSWORD": BIND_PASSWORD,
        "LDAP_USER_BASE": PEOPLE,
        "LDAP_USER_FILTER": "(objectClass=inetOrgPerson)",
        "LDAP_LOGIN_ATTRIBUTE": "sAMAccountName",
        "LDAP_GROUP_ROLES": {
            f"CN=Approvers,{GROUPS.upper()}": "approver",
            f"cn=it-desk, {GROUPS}": "agent",
        },
        "LDAP_TIMEOUT": 5,
    }.items():
        monkeypatch.setitem(app.config, name, value)
    return ldap_server


def account(app, email):
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.email == email))
        if user is not None:
            db.session.expunge(user)
        return user


def sign_in(app, login, password=SECRET):
    client = app.test_client()
    return client, client.form("/login", {"email": login, "password": password})


def test_first_sign_in_makes_the_account(app, users, directory):
    with app.app_context():
        db.session.add(Department(code="fin", name_zh="财务部", name_en="Finance"))
        db.session.commit()
    directory.add_person(
        "zhangwei",
        name="张伟",
        password=SECRET,
        telephoneNumber="+86 21 5555 0101",
        department="Finance",
        physicalDeliveryOfficeName="上海 12F",
    )
    client, response = sign_in(app, "ZhangWei")
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200
    user = account(app, "zhangwei@corp.test")
    assert (user.name, user.phone, user.location, user.role) == (
        "张伟",
        "+86 21 5555 0101",
        "上海 12F",
        "employee",
    )
    assert user.directory_dn == f"cn=zhangwei,{PEOPLE}" and user.password_hash == ""
    with app.app_context():
        assert db.session.get(User, user.id).department.code == "fin"
        trail = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert {"user.create", "user.directory_login", "user.login"} <= set(trail)
    # the mail address works as the login too, and a later sign-in refreshes the fields
    directory.set("zhangwei", telephoneNumber="+86 21 5555 0202")
    assert sign_in(app, "zhangwei@corp.test")[1].status_code == 302
    assert account(app, "zhangwei@corp.test").phone == "+86 21 5555 0202"


def test_wrong_or_empty_password_refused(app, users, directory):
    directory.add_person("lina", name="Li Na", password=SECRET)
    assert sign_in(app, "lina", "not the password")[1].status_code == 401
    assert sign_in(app, "lina", "")[1].status_code != 302  # the form asks for a password
    assert sign_in(app, "nobody", SECRET)[1].status_code == 401
    assert sign_in(app, "*", SECRET)[1].status_code == 401  # no filter injection
    assert sign_in(app, "lina)(|(cn=*", SECRET)[1].status_code == 401
    assert account(app, "lina@corp.test") is None


def test_disabled_directory_account_cannot_sign_in(app, users, directory):
    directory.add_person("wangfang", name="Wang Fang", password=SECRET)
    assert sign_in(app, "wangfang")[1].status_code == 302
    directory.set("wangfang", userAccountControl=0x202)
    client, response = sign_in(app, "wangfang")
    assert response.status_code == 401
    assert account(app, "wangfang@corp.test").active is False


def test_groups_give_roles(app, users, directory):
    directory.add_person("approver1", name="A One", password=SECRET, groups=("approvers",))
    directory.add_person("desk1", name="D One", password=SECRET, groups=("approvers", "it-desk"))
    directory.add_person("plain1", name="P One", password=SECRET, groups=("canteen",))
    for login in ("approver1", "desk1", "plain1"):
        assert sign_in(app, login)[1].status_code == 302
    assert account(app, "approver1@corp.test").role == "approver"
    assert account(app, "desk1@corp.test").role == "agent"  # of two, the wider role
    assert account(app, "plain1@corp.test").role == "employee"


def test_local_accounts_keep_working(app, users, directory, login_as):
    assert login_as("agent").get("/profile").status_code == 200
    # a directory entry with a local account's address does not take the account over
    directory.add_person("agent", name="Imposter", password=SECRET, mail=ROLE_EMAILS["agent"])
    assert sign_in(app, "agent")[1].status_code == 401
    assert account(app, ROLE_EMAILS["agent"]).name != "Imposter"


def test_directory_down_refuses_without_error(app, users, directory):
    directory.add_person("zhaolei", name="Zhao Lei", password=SECRET)
    directory.stop()
    assert sign_in(app, "zhaolei")[1].status_code == 401


def test_sync_dry_run_then_real_run_of_200_people(app, users, directory):
    boss = directory.add_person("boss", name="Big Boss", password=SECRET, groups=("approvers",))
    for n in range(199):
        reports_to = {"manager": boss} if n < 5 else {}
        directory.add_person(f"p{n:03d}", name=f"Person {n:03d}", password=SECRET, **reports_to)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["users", "sync-ldap", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.output.count("create ") == 200 and "dry run" in dry.output
    assert account(app, "p000@corp.test") is None

    real = runner.invoke(args=["users", "sync-ldap"])
    assert real.exit_code == 0, real.output
    assert "200 created" in real.output
    with app.app_context():
        imported = db.session.scalar(
            sa.select(sa.func.count(User.id)).where(User.directory_dn.is_not(None))
        )
        assert imported == 200
        person = db.session.scalar(sa.select(User).where(User.email == "p001@corp.test"))
        assert person.manager.email == "boss@corp.test"
    assert account(app, "boss@corp.test").role == "approver"

    directory.set("p010", displayName="Person Ten")
    directory.set("p011", userAccountControl=0x202)
    directory.remove("p012")
    preview = runner.invoke(args=["users", "sync-ldap", "--dry-run"])
    assert "update  p010@corp.test: name: Person 010 → Person Ten" in preview.output
    assert "disable p011@corp.test" in preview.output
    assert "disable p012@corp.test: no longer in the directory" in preview.output
    assert account(app, "p010@corp.test").name == "Person 010"
    again = runner.invoke(args=["users", "sync-ldap"])
    assert "1 updated, 1 disabled, 197 unchanged" in again.output and "1 left" in again.output
    assert account(app, "p010@corp.test").name == "Person Ten"
    assert not account(app, "p011@corp.test").active
    assert not account(app, "p012@corp.test").active


def test_worker_syncs_once_a_night(app, users, directory):
    directory.add_person("night", name="Night Owl", password=SECRET)
    before = datetime(2026, 12, 3, 17, 30, tzinfo=UTC)  # 01:30 in Shanghai
    after = datetime(2026, 12, 3, 18, 30, tzinfo=UTC)  # 02:30 in Shanghai
    with app.app_context():
        assert jobs.directory_sync(before) == 0
        assert jobs.directory_sync(after) == 1
        db.session.commit()
        assert account(app, "night@corp.test") is not None
        directory.set("night", displayName="Early Bird")
        assert jobs.directory_sync(after.replace(hour=20)) == 0  # once a night
        db.session.rollback()


def test_sync_without_a_directory_is_refused(app):
    result = app.test_cli_runner().invoke(args=["users", "sync-ldap"])
    assert result.exit_code != 0 and "no directory is configured" in result.output


def test_directory_accounts_reset_their_password_in_the_directory(app, users, directory):
    directory.add_person("liuyang", name="Liu Yang", password=SECRET)
    assert sign_in(app, "liuyang")[1].status_code == 302
    client = app.test_client()
    assert client.form("/password/forgot", {"email": "liuyang@corp.test"}).status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id))) == 0


def test_a_wrong_search_base_or_a_half_answer_switches_nobody_off(
    app, users, directory, monkeypatch
):
    for n in range(10):
        directory.add_person(f"s{n}", name=f"Staff {n}", password=SECRET)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["users", "sync-ldap"]).exit_code == 0
    monkeypatch.setitem(app.config, "LDAP_USER_BASE", "ou=peeple,dc=corp,dc=test")  # a typo
    typo = runner.invoke(args=["users", "sync-ldap"])
    assert typo.exit_code != 0 and "failed" in typo.output
    monkeypatch.setitem(app.config, "LDAP_USER_BASE", PEOPLE)
    for n in range(7):  # most of the office vanishes from one answer
        directory.remove(f"s{n}")
    refused = runner.invoke(args=["users", "sync-ldap"])
    assert refused.exit_code != 0 and "would switch off 7 of 10" in refused.output
    assert account(app, "s0@corp.test").active
    forced = runner.invoke(args=["users", "sync-ldap", "--force"])
    assert forced.exit_code == 0 and not account(app, "s0@corp.test").active


def test_an_account_an_admin_switched_off_stays_off(app, users, directory):
    directory.add_person("leaver", name="Leaver", password=SECRET)
    assert sign_in(app, "leaver")[1].status_code == 302
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.email == "leaver@corp.test")).active = False
        db.session.commit()
    assert sign_in(app, "leaver")[1].status_code != 302  # the directory does not undo it
    assert app.test_cli_runner().invoke(args=["users", "sync-ldap"]).exit_code == 0
    assert not account(app, "leaver@corp.test").active


# ldap3 drops the TLS socket of a refused certificate without closing it (its own leak)
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("mode", ["ldaps", "starttls"])
def test_over_tls_the_password_never_crosses_in_clear(app, users, directory, monkeypatch, mode):
    """ldaps:// and StartTLS against the server's own certificate; a server whose certificate
    the portal does not trust is never sent the password."""
    directory.add_person("tls", name="Tls User", password=SECRET, groups=("approvers",))
    if mode == "ldaps":
        monkeypatch.setitem(app.config, "LDAP_URL", directory.ldaps_url)
    else:
        monkeypatch.setitem(app.config, "LDAP_STARTTLS", True)
    monkeypatch.setitem(app.config, "LDAP_CA_FILE", "/etc/ssl/certs/ca-certificates.crt")
    assert sign_in(app, "tls")[1].status_code == 401  # a certificate nobody vouches for
    assert account(app, "tls@corp.test") is None
    monkeypatch.setitem(app.config, "LDAP_CA_FILE", directory.ca_file)
    assert sign_in(app, "tls")[1].status_code == 302
    assert account(app, "tls@corp.test").active
    gc.collect()  # the dropped socket goes now, inside this test's warning filter
