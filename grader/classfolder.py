"""Finding the work in a class folder, which is hostile input.

Layout: ``CLASS/<learner>/<exercise>.py`` and ``CLASS/<learner>/quizzes/<quiz>.toml``.
Learners choose every name, link, size and byte in it, so:

- no symbolic link is ever followed (a learner folder, a file or ``quizzes/`` that is a
  link is refused and reported), and files are opened with ``O_NOFOLLOW``;
- a hard link to a file other users may not read is refused (it would let the
  grader, often root, read it for the learner);
- sizes are checked on the open file before anything is read, and hashing reads at
  most the cap;
- names are made safe once (``grader.safetext.name``): not-UTF-8 bytes, newlines and
  terminal escapes never reach a table, a message or the store raw;
- nothing here raises for a learner's file: each problem is a ``Refusal`` with a reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from grader import safetext
from grader.assignment import Assignment
from grader.limits import MAX_SOURCE_BYTES

#: entries looked at in one learner folder; the rest are reported, not read
MAX_ENTRIES = 500


@dataclass(frozen=True)
class Found:
    """One file to grade: whose, for which item, and what it held when it was looked at."""

    learner: str          # the folder's name, made safe
    item: str             # exercise or quiz id
    kind: str             # "exercise" | "quiz"
    path: Path            # the file (never a link)
    shown: str            # "<learner>/<file>" made safe, for messages
    sha256: str           # of the bytes read
    mtime: str            # when the file last changed (ISO, UTC): what `late` is judged by


@dataclass(frozen=True)
class Refusal:
    """A file of an assigned item that will not be graded, and why; it scores 0 and is recorded."""

    learner: str
    item: str
    kind: str
    shown: str
    why: str
    sha256: str           # a stand-in that changes when the refused thing does, so reruns can reuse it
    mtime: str = ""


@dataclass
class Discovery:
    found: list[Found] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    learners: list[str] = field(default_factory=list)       # every learner folder graded, safe names
    missing: list[str] = field(default_factory=list)        # on the roster, no folder
    unlisted: list[str] = field(default_factory=list)       # a folder not on the roster: not graded
    notes: list[str] = field(default_factory=list)          # passed over, with why (shown to the instructor)

    @property
    def count(self) -> int:
        return len(self.found) + len(self.refused)


class ReadRefused(Exception):
    """A file that cannot be graded as it is; the message says why."""


def read_capped(path: Path, limit: int = MAX_SOURCE_BYTES) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``path``, never through a link and never more than ``limit``."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        if e.errno == 40:       # ELOOP: the last component is a link
            raise ReadRefused("a symbolic link (links are never followed)") from None
        raise ReadRefused(f"cannot be opened ({e.strerror})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ReadRefused("not a regular file")
        if st.st_nlink > 1 and not st.st_mode & stat.S_IROTH:
            raise ReadRefused("a hard link to a file that others may not read")
        if st.st_size > limit:
            raise ReadRefused(f"{st.st_size:,} bytes, over the limit of {limit:,} bytes")
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 65536))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise ReadRefused(f"over the limit of {limit:,} bytes")
        return data, st
    finally:
        os.close(fd)


def _mtime(st: os.stat_result) -> str:
    return dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc).isoformat(timespec="seconds")


def _stand_in(why: str, st: os.stat_result | None) -> str:
    key = f"refused:{why}:{st.st_size if st else ''}:{st.st_mtime_ns if st else ''}"
    return hashlib.sha256(key.encode()).hexdigest()


def _entries(folder: Path) -> tuple[list[os.DirEntry], int]:
    """Up to MAX_ENTRIES entries of ``folder`` (names sorted), and how many more were left out."""
    entries = []
    with os.scandir(folder) as it:
        for n, entry in enumerate(it):
            if n >= MAX_ENTRIES * 4:
                break
            entries.append(entry)
    entries.sort(key=lambda e: e.name)
    return entries[:MAX_ENTRIES], max(0, len(entries) - MAX_ENTRIES)


def discover(class_dir: Path, assignment: Assignment) -> Discovery:
    """Every file of an assigned item under ``class_dir``, what was refused, and what was passed over."""
    out = Discovery()
    wanted = {(i.id, i.kind) for i in assignment.items}
    roster = set(assignment.roster) if assignment.roster is not None else None
    taken: dict[str, str] = {}
    entries, more = _entries(class_dir)
    if more:
        out.notes.append(f"{more} more entries in the class folder were not looked at")
    for entry in entries:
        raw = entry.name
        learner = safetext.name(raw)
        if raw.startswith(".") or raw == "class.toml":
            continue
        if entry.is_symlink():
            out.notes.append(f"{learner}: a symbolic link, not a learner folder (links are never followed)")
            continue
        if not entry.is_dir(follow_symlinks=False):
            out.notes.append(f"{learner}: not a learner folder")
            continue
        if roster is not None and raw not in roster:
            out.unlisted.append(learner)
            continue
        if learner in taken:
            out.notes.append(f"{learner}: two folders have this name once made printable; the second "
                             "was not graded")
            continue
        taken[learner] = raw
        out.learners.append(learner)
        _learner_folder(Path(entry.path), learner, wanted, out)
    if roster is not None:
        have = set(taken.values())
        out.missing = [n for n in assignment.roster if n not in have]
    return out


def discover_learner(folder: Path, learner: str, assignment: Assignment, loose_quizzes: bool = False) -> Discovery:
    """The files of one learner's folder (a Gradescope submission, say). ``loose_quizzes``: a
    ``<quiz>.toml`` beside the exercise files counts as well as one under ``quizzes/``."""
    out = Discovery(learners=[learner])
    _learner_folder(Path(folder), learner, {(i.id, i.kind) for i in assignment.items}, out, loose_quizzes)
    return out


def _learner_folder(folder: Path, learner: str, wanted: set, out: Discovery, loose_quizzes: bool = False) -> None:
    try:
        entries, more = _entries(folder)
    except OSError as e:
        out.notes.append(f"{learner}: the folder cannot be read ({e.strerror})")
        return
    if more:
        out.notes.append(f"{learner}: {more} more entries were not looked at")
    for entry in entries:
        raw, shown = entry.name, f"{learner}/{safetext.name(entry.name)}"
        if raw.startswith("."):
            continue
        if raw == "quizzes":
            if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                out.notes.append(f"{shown}: not a folder (links are never followed); no quiz graded")
            else:
                _quiz_folder(Path(entry.path), learner, wanted, out)
            continue
        stem, dot, suffix = raw.rpartition(".")
        if loose_quizzes and dot and suffix == "toml" and (stem, "quiz") in wanted:
            _file(Path(entry.path), learner, stem, "quiz", shown, out)
        elif not (dot and suffix == "py"):
            out.notes.append(f"{shown}: not an exercise file (<exercise>.py) or quizzes/ folder")
        elif (stem, "exercise") not in wanted:
            out.notes.append(f"{shown}: not an assigned exercise")
        else:
            _file(Path(entry.path), learner, stem, "exercise", shown, out)


def _quiz_folder(folder: Path, learner: str, wanted: set, out: Discovery) -> None:
    try:
        entries, more = _entries(folder)
    except OSError as e:
        out.notes.append(f"{learner}/quizzes: cannot be read ({e.strerror})")
        return
    for entry in entries:
        raw, shown = entry.name, f"{learner}/quizzes/{safetext.name(entry.name)}"
        stem, dot, suffix = raw.rpartition(".")
        if raw.startswith("."):
            continue
        if not (dot and suffix == "toml"):
            out.notes.append(f"{shown}: not a quiz answers file (<quiz>.toml)")
        elif (stem, "quiz") not in wanted:
            out.notes.append(f"{shown}: not an assigned quiz")
        else:
            _file(Path(entry.path), learner, stem, "quiz", shown, out)


def _file(path: Path, learner: str, item: str, kind: str, shown: str, out: Discovery) -> None:
    try:
        data, st = read_capped(path)
    except ReadRefused as e:
        st = _lstat(path)
        out.refused.append(Refusal(learner, item, kind, shown, str(e), _stand_in(str(e), st),
                                   _mtime(st) if st else ""))
        return
    out.found.append(Found(learner, item, kind, path, shown, hashlib.sha256(data).hexdigest(), _mtime(st)))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None
