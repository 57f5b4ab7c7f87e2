"""How the portal is served (`gunicorn -c gunicorn.conf.py`, as scripts/start.sh does).

Workers and threads follow the CPU count; each setting can be overridden by an environment
variable (WEB_BIND, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT, WEB_ACCESS_LOG,
WEB_CONTROL_SOCKET), and gunicorn's own
GUNICORN_CMD_ARGS still applies on top.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
CPUS = os.cpu_count() or 1

wsgi_app = "wsgi:app"
chdir = str(ROOT)
bind = os.environ.get("WEB_BIND", "127.0.0.1:5000").split(",")
# a process per CPU (at least two, so one slow request never holds the portal), and threads
# for the time a request waits on the database or a file
workers = int(os.environ.get("WEB_WORKERS") or max(2, CPUS))
threads = int(os.environ.get("WEB_THREADS") or 2 * CPUS)
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
accesslog = os.environ.get("WEB_ACCESS_LOG") or str(ROOT / "instance" / "access.log")
errorlog = "-"
# each server's own control socket (two servers on one machine must not share one)
control_socket = os.environ.get("WEB_CONTROL_SOCKET") or str(ROOT / "instance" / "gunicorn.ctl")
# behind a reverse proxy: the app believes TRUSTED_PROXIES hops of X-Forwarded-*
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
