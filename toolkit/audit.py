"""The audit log of a data folder: append-only JSON lines, each chained to the one before.

Every line carries ``prev``, the SHA-256 of the previous line's bytes (``GENESIS`` for the
first), so a line changed, removed or inserted afterwards breaks the chain at the next
line. The chain has no secret: someone who can write the folder can recompute every hash,
which is why ``tvaerblik check`` prints the hash of the last line to be noted elsewhere.

A change of the current version is written in two lines: the intent (``"status":
"intent"``) before the switch, and a ``confirm`` line naming the intent's hash after it.
:meth:`AuditLog.events` folds the pair into one event whose ``status`` is ``done``,
``aborted`` or (after a crash) still ``intent``. Lines from before the chain have neither.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from toolkit.access import hub_user, os_user

GENESIS = "0" * 64
INTENT, DONE, ABORTED = "intent", "done", "aborted"
CONFIRM = "confirm"
_TAIL_CHUNK = 64 * 1024


@dataclass(frozen=True)
class AuditLine:
    number: int  # 1-based, as an editor shows it
    text: str
    record: dict[str, Any] | None  # None: not a JSON object (a torn write or an edit)

    @property
    def digest(self) -> str:
        return line_digest(self.text)


@dataclass(frozen=True)
class ChainReport:
    problems: list[str]
    notes: list[str]
    lines: int
    head: str | None  # the last line's hash: note it elsewhere to detect a rewrite


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, event: Mapping[str, Any]) -> str:
        """Append one event (time, user and the chain added); returns the new line's hash.

        Callers pass file names, hashes, counts and version ids, never cell values.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            # Two writers must not both chain onto the same last line.
            fcntl.flock(fd, fcntl.LOCK_EX)
            last, torn = _last_line(fd)
            record = {
                "time": now_iso(),
                "user": current_user(),
                **event,
                "prev": line_digest(last) if last is not None else GENESIS,
            }
            text = json.dumps(record, ensure_ascii=False)
            # A crash mid-line would glue this event onto the torn one: start afresh.
            os.write(fd, (("\n" if torn else "") + text + "\n").encode("utf-8"))
            os.fsync(fd)
            return line_digest(text)
        finally:
            os.close(fd)  # closing releases the flock

    def lines(self) -> list[AuditLine]:
        try:
            text = self.path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return []
        out = []
        for number, line in enumerate(text.split("\n")[:-1] if text else [], start=1):
            out.append(AuditLine(number, line, _parse(line)))
        if text and not text.endswith("\n"):  # a torn last line
            tail = text.rsplit("\n", 1)[-1]
            out.append(AuditLine(len(out) + 1, tail, _parse(tail)))
        return out

    def events(self) -> list[dict[str, Any]]:
        """One dict per event, oldest first; confirmations folded into their intents."""
        events: list[dict[str, Any]] = []
        by_digest: dict[str, dict[str, Any]] = {}
        for line in self.lines():
            record = line.record
            if record is None or not line.text.strip():
                continue
            if record.get("event") == CONFIRM:
                intent = by_digest.get(str(record.get("confirms")))
                if intent is not None:
                    intent["status"] = record.get("outcome", DONE)
                    if record.get("recovered"):
                        intent["recovered"] = True
                continue
            event = dict(record)
            by_digest[line.digest] = event
            events.append(event)
        return events

    def verify(self) -> ChainReport:
        lines = self.lines()
        problems: list[str] = []
        notes: list[str] = []
        before_chain = 0
        chained = False
        previous: AuditLine | None = None
        for line in lines:
            record = line.record
            expected = previous.digest if previous is not None else GENESIS
            if record is None:
                if line.number == len(lines):
                    notes.append(f"Linje {line.number} er ufuldstændig (en afbrudt skrivning).")
                # Otherwise the next line's chain tells whether it is a torn write.
            elif "prev" not in record:
                if chained:
                    problems.append(
                        f"Linje {line.number} i audit-loggen mangler kæden (feltet «prev»): "
                        "den er skrevet ind bagefter."
                    )
                else:
                    before_chain += 1
            else:
                chained = True
                if record["prev"] != expected:
                    problems.append(
                        f"Kæden i audit-loggen er brudt ved linje {line.number}: linjen før er "
                        "ændret eller slettet, eller en linje er sat ind."
                    )
                elif previous is not None and previous.record is None:
                    notes.append(
                        f"Linje {previous.number} er ufuldstændig (en afbrudt skrivning); "
                        "kæden fortsætter korrekt efter den."
                    )
            previous = line
        if before_chain:
            noun = "linje" if before_chain == 1 else "linjer"
            notes.append(f"{before_chain} {noun} fra før kæden blev indført kan ikke kontrolleres.")
        head = lines[-1].digest if lines else None
        return ChainReport(problems, notes, len(lines), head)


def line_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def now_iso() -> str:
    """Now, in Danish time with its UTC offset (UTC if the time zone data is missing)."""
    try:
        zone: Any = ZoneInfo("Europe/Copenhagen")
    except ZoneInfoNotFoundError:
        zone = UTC
    return datetime.now(zone).isoformat(timespec="seconds")


def current_user() -> str:
    """The logged-in user on JupyterHub (never the account the servers run as), else the
    operating-system account."""
    return hub_user() or os_user()


def _parse(text: str) -> dict[str, Any] | None:
    try:
        record = json.loads(text)
    except (json.JSONDecodeError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _last_line(fd: int) -> tuple[str | None, bool]:
    """The file's last line (without its newline) and whether it lacks the newline."""
    size = os.fstat(fd).st_size
    if size == 0:
        return None, False
    torn = os.pread(fd, 1, size - 1) != b"\n"
    end = size if torn else size - 1
    start = end
    data = b""
    while start > 0:
        start = max(0, start - _TAIL_CHUNK)
        data = os.pread(fd, end - start, start)
        if b"\n" in data:
            break
    line = data.rsplit(b"\n", 1)[-1]
    return line.decode("utf-8", errors="replace"), torn
