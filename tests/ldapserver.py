"""A real OpenLDAP slapd for tests: a private configuration and database in a temp dir,
listening on 127.0.0.1 on a free port, with the Active Directory attributes Deskpact reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from ldap3 import MODIFY_REPLACE, Connection, Server

from tests.mailservers import LOCALHOST, free_port, stop_process, wait_for_port

SLAPD_CANDIDATES = ("/usr/sbin/slapd", "/usr/local/sbin/slapd", "/usr/local/libexec/slapd")
SCHEMA_DIR = Path("/etc/ldap/schema")
SUFFIX = "dc=corp,dc=test"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret"
BIND_DN = f"cn=deskpact,ou=services,{SUFFIX}"
BIND_PASSWORD = "bind-secret"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
DISABLED = 0x2  # AD's userAccountControl ACCOUNTDISABLE flag
NORMAL_ACCOUNT = 0x200

# AD's own OIDs for the attributes it adds to a person, so entries look like AD's
AD_SCHEMA = """\
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName'
  EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch
  SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl'
  EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf'
  EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
attributetype ( 1.2.840.113556.1.2.141 NAME 'department'
  EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.1.1 NAME 'adPerson' AUXILIARY
  MAY ( sAMAccountName $ userAccountControl $ memberOf $ department ) )
"""

CONFIG = """\
include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
include {root}/ad.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {root}/slapd.pid
argsfile {root}/slapd.args
TLSCertificateFile {root}/cert.pem
TLSCertificateKeyFile {root}/key.pem
database mdb
maxsize 104857600
suffix "{suffix}"
rootdn "{admin}"
rootpw {admin_password}
directory {root}/data
index objectClass,sAMAccountName,mail eq
access to attrs=userPassword
  by self write
  by anonymous auth
  by * none
access to *
  by dn.exact="{bind}" read
  by self read
  by * none
"""


class LdapServer:
    """A private slapd; `add_person` and `set` change the directory while it runs."""

    def __init__(self) -> None:
        self.host = LOCALHOST
        self.port = free_port()
        self.tls_port = free_port()
        self.binary = slapd_binary()
        self.root = Path(tempfile.mkdtemp(prefix="deskpact-slapd-", dir="/tmp"))
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"ldap://{self.host}:{self.port}"

    @property
    def ldaps_url(self) -> str:
        return f"ldaps://{self.host}:{self.tls_port}"

    @property
    def ca_file(self) -> str:
        """The server's self-signed certificate, for the client to trust."""
        return str(self.root / "cert.pem")

    def _certificate(self) -> None:
        """A self-signed certificate for 127.0.0.1 (and localhost), valid for two days."""
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-keyout", str(self.root / "key.pem"), "-out", self.ca_file,
             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
            check=True, capture_output=True,
        )  # fmt: skip

    @property
    def log(self) -> str:
        path = self.root / "slapd.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start(self) -> None:
        (self.root / "data").mkdir()
        (self.root / "ad.schema").write_text(AD_SCHEMA)
        self._certificate()
        config = self.root / "slapd.conf"
        config.write_text(
            CONFIG.format(
                schema=SCHEMA_DIR,
                root=self.root,
                suffix=SUFFIX,
                admin=ADMIN_DN,
                admin_password=ADMIN_PASSWORD,
                bind=BIND_DN,
            )
        )
        log = (self.root / "slapd.log").open("wb")
        try:
            self._process = subprocess.Popen(
                [self.binary, "-d", "0", "-f", str(config), "-h", f"{self.url}/ {self.ldaps_url}/"],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        finally:
            log.close()
        process = self._process
        if not wait_for_port(self.host, self.port, 15, alive=lambda: process.poll() is None):
            self.stop()
            raise RuntimeError(f"slapd did not start:\n{self.log}")
        self._seed()

    @contextmanager
    def admin(self) -> Iterator[Connection]:
        """A connection as the directory's administrator, closed afterwards (ldap3's own
        `with` leaves an auto-bound connection open)."""
        conn = Connection(Server(self.url), ADMIN_DN, ADMIN_PASSWORD, auto_bind=True)
        try:
            yield conn
        finally:
            conn.unbind()

    def _seed(self) -> None:
        with self.admin() as conn:
            conn.add(SUFFIX, ["dcObject", "organization"], {"o": "Corp", "dc": "corp"})
            for unit in ("people", "groups", "services"):
                conn.add(f"ou={unit},{SUFFIX}", ["organizationalUnit"], {"ou": unit})
            conn.add(
                BIND_DN,
                ["person"],
                {"cn": "deskpact", "sn": "service", "userPassword": BIND_PASSWORD},
            )

    def add_person(
        self,
        login: str,
        *,
        name: str,
        password: str,
        mail: str | None = None,
        groups: tuple[str, ...] = (),
        disabled: bool = False,
        **attributes,
    ) -> str:
        """Add an AD-like person; returns the DN. attributes: telephoneNumber, department,
        physicalDeliveryOfficeName, manager (a DN)."""
        dn = f"cn={login},{PEOPLE}"
        values = {
            "cn": login,
            "sn": name.split()[-1] if " " in name else name,
            "displayName": name,
            "sAMAccountName": login,
            "mail": mail or f"{login}@corp.test",
            "userPassword": password,
            "userAccountControl": NORMAL_ACCOUNT | (DISABLED if disabled else 0),
            **attributes,
        }
        if groups:
            values["memberOf"] = [f"cn={group},{GROUPS}" for group in groups]
        with self.admin() as conn:
            if not conn.add(dn, ["inetOrgPerson", "adPerson"], values):
                raise RuntimeError(f"cannot add {dn}: {conn.result}")
        return dn

    def set(self, login: str, **attributes) -> None:
        changes = {name: [(MODIFY_REPLACE, [value])] for name, value in attributes.items()}
        with self.admin() as conn:
            if not conn.modify(f"cn={login},{PEOPLE}", changes):
                raise RuntimeError(f"cannot change {login}: {conn.result}")

    def remove(self, login: str) -> None:
        with self.admin() as conn:
            conn.delete(f"cn={login},{PEOPLE}")

    def stop(self) -> None:
        self._process = stop_process(self._process)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


def slapd_binary() -> str:
    for candidate in (shutil.which("slapd"), *SLAPD_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    if os.environ.get("CI"):  # the install script puts slapd there: missing in CI is a fault
        pytest.fail("slapd is not installed (scripts/install.sh installs it)")
    pytest.skip("slapd is not installed (apt-get install slapd ldap-utils)")


@pytest.fixture
def ldap_server() -> Iterator[LdapServer]:
    """A running private slapd with an empty people and groups tree and a bind account."""
    server = LdapServer()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()
