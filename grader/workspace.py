"""The learner's workspace: stubs written without ever overwriting learner work."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from grader.catalog import Exercise
from grader.limits import MAX_SOURCE_BYTES


class WorkspaceError(Exception):
    """Something about the workspace a learner must fix (exit status 2)."""


class Workspace:
    def __init__(self, root: Path | str):
        self.root = Path(root)

    @property
    def meta_dir(self) -> Path:
        return self.root / ".learn"

    @property
    def backup_dir(self) -> Path:
        return self.meta_dir / "backups"

    def file_for(self, exercise: Exercise) -> Path:
        return self.file_for_id(exercise.id)

    def file_for_id(self, exercise_id: str) -> Path:
        return self.root / f"{exercise_id}.py"

    def started(self, exercise: Exercise) -> bool:
        return self.file_for(exercise).exists()

    def backup(self, exercise: Exercise) -> Path:
        """Copy the learner's file to a timestamped backup and return its path."""
        src = self.file_for(exercise)
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        dst = self.backup_dir / f"{exercise.id}.{stamp}.py"
        shutil.copy2(src, dst)
        return dst

    def start(self, exercise: Exercise, force: bool = False) -> tuple[Path, Path | None]:
        """Write the stub. Refuses if the file exists, unless ``force`` (then backs it up first)."""
        target = self.file_for(exercise)
        backup = None
        if target.exists():
            if not force:
                raise WorkspaceError(
                    f"{target} already exists; your work is kept as it is. "
                    f"Use `learn reset {exercise.id}` (or `learn start {exercise.id} --force`) for a fresh "
                    "stub; the current file is backed up first.")
            backup = self.backup(exercise)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(exercise.stub, encoding="utf-8")
        tmp.replace(target)
        return target, backup

    def read(self, exercise: Exercise) -> str:
        """The learner's source, or a WorkspaceError saying what to do."""
        path = self.file_for(exercise)
        if not path.exists():
            raise WorkspaceError(f"{path} does not exist: run `learn start {exercise.id}` first.")
        try:
            with path.open("rb") as f:
                # never read more than a submission may be: the size is checked first, and the read is capped
                small = os.fstat(f.fileno()).st_size <= MAX_SOURCE_BYTES
                data = f.read(MAX_SOURCE_BYTES + 1) if small else None
        except OSError as e:
            raise WorkspaceError(f"{path} cannot be read: {e.strerror}.") from None
        if data is None or len(data) > MAX_SOURCE_BYTES:
            raise WorkspaceError(f"{path} is larger than the {MAX_SOURCE_BYTES // 1024} KiB a submission may be: "
                                 "keep only your code in it.")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise WorkspaceError(f"{path} is not UTF-8 text: save it as UTF-8 and grade again.") from None
