"""Many callers filing tickets through the API at once, as the phone system and the mail
gateway do, and what the database holds afterwards."""

import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field

import sqlalchemy as sa

EMPLOYEE = "emp@client.test"


@dataclass
class Flood:
    """Callers that keep filing tickets until stopped; every answer is kept."""

    base: str
    token: str
    callers: int = 12
    acknowledged: list[str] = field(default_factory=list)  # numbers answered 201
    answers: list[tuple[float, int]] = field(default_factory=list)  # (when, HTTP status)
    dropped: list[tuple[float, str]] = field(default_factory=list)  # no answer at all
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def file_one(self, caller: int, index: int) -> None:
        body = {
            "title": f"Phone call {caller}-{index}: Outlook does not start",
            "description": "reported by phone",
            "catalog_item": "sys.network",
            "channel": "phone",
            "requester": EMPLOYEE,
            "urgency": "medium",
            "impact": "low",
        }
        request = urllib.request.Request(
            f"{self.base}/api/v1/tickets",
            data=json.dumps(body).encode(),
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                "Accept-Language": "en",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                number = json.load(response)["number"]
                self.answers.append((time.monotonic(), response.status))
                self.acknowledged.append(number)
        except urllib.error.HTTPError as error:
            self.answers.append((time.monotonic(), error.code))
            error.read()
        except OSError as error:  # the connection was cut or refused
            self.dropped.append((time.monotonic(), type(error).__name__))
            time.sleep(0.05)

    def start(self) -> "Flood":
        def caller(number: int) -> None:
            index = 0
            while not self._stop.is_set():
                self.file_one(number, index)
                index += 1

        self._threads = [
            threading.Thread(target=caller, args=(n,), daemon=True) for n in range(self.callers)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=90)

    def statuses_after(self, moment: float) -> list[int]:
        return [status for when, status in self.answers if when > moment]


def half_written(connection: sa.Connection) -> list[str]:
    """Tickets stored without their first history line or their acknowledgement mail."""
    rows = connection.execute(
        sa.text(
            "SELECT number FROM tickets t"
            " WHERE NOT EXISTS (SELECT 1 FROM ticket_events e"
            "  WHERE e.ticket_id = t.id AND e.action = 'created')"
            " OR NOT EXISTS (SELECT 1 FROM outbox o"
            "  WHERE o.subject LIKE '%' || t.number || '%')"
        )
    )
    return [number for (number,) in rows]


def stored_numbers(connection: sa.Connection) -> set[str]:
    return set(connection.execute(sa.text("SELECT number FROM tickets")).scalars())
