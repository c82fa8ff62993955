"""Every bound on what one submission may cost the grader, in one place.

The child is confined by the kernel (see docs/SANDBOX.md and SECURITY.md), but the
judge's own process reads the learner's file, parses it, and decodes the child's
replies. Each of those is bounded here, in the judge, so that no file and no reply
can take the grader's memory, time, database or terminal with it. The course
itself needs far less than any of these (its largest reply is under 2 KB of
tensor data and 11 KB of header; the judge's largest message to a child is
57 KB), so they are generous for honest work and small for an attack.
"""

from __future__ import annotations

# ------------------------------------------------------------ the learner's file
#: largest source file (or quiz answers file) the grader reads, hashes, parses or sends (bytes);
#: a larger file is not read at all and every check fails with a message naming the limit
MAX_SOURCE_BYTES = 1 << 20

# ------------------------------------------------------------ time
#: the most wall time one submission may use, loading included: a slow import
#: followed by a crash in every check still ends within this (plus one call's slack)
SUBMISSION_BUDGET_S = 60.0
#: a class worker holding one file longer than this is stopped and the file recorded as failed
WORKER_JOB_TIMEOUT_S = 2.5 * SUBMISSION_BUDGET_S

# ------------------------------------------------------------ the child's own resources (set by the kernel)
#: resource limits of every child (grader/sandbox/isolation.py); a Judge may override them
CHILD_LIMITS = {
    "cpu_s": 120,          # CPU seconds for the whole child
    "memory_mb": 3072,     # address space on top of what the warm parent already maps (not with CUDA)
    "file_mb": 16,         # largest file it may write
    "nproc": 64,           # processes of its user id, against fork bombs
    "nofile": 64,          # open files
}
#: its private, writable /tmp and /dev/shm (memory-backed; they vanish with the child)
CHILD_TMP_SIZE = "64m"
CHILD_SHM_SIZE = "64m"

# ------------------------------------------------------------ frames (grader/codec.py)
#: largest frame header (strict JSON describing the values), bytes
MAX_FRAME_HEADER = 1 << 20
#: largest total of raw tensor/array bytes in one frame; checked before a byte is allocated
MAX_FRAME_PAYLOAD = 16 << 20
#: deepest nesting of values in a frame, and most values in one frame
MAX_FRAME_DEPTH = 40
MAX_FRAME_ITEMS = 200_000
#: largest size of any one dimension of a tensor or array in a frame
MAX_DIM = 1 << 31

# ------------------------------------------------------------ text from the child
#: an exception's message in a reply (the child cuts it too, but the child is not trusted)
MAX_MESSAGE_CHARS = 2000
#: an exception's type name, and each of the 'where' fields (function, code line)
MAX_NAME_CHARS = 200
#: what one call printed, as the child captured it
MAX_OUTPUT_CHARS = 4000

# ------------------------------------------------------------ what a check result keeps
#: a check's message (English or Korean) as shown, stored and sent as JSON
MAX_CHECK_MESSAGE_CHARS = 4000
#: the learner's printed output kept with a failed check
MAX_SHOWN_OUTPUT = 1500


def cut(text: str, limit: int, mark: str = "\n…(truncated)") -> str:
    """``text`` with at most ``limit`` characters, saying so when something was cut."""
    return text if len(text) <= limit else text[:limit] + mark


def safe_text(text: str) -> str:
    """``text`` that can be printed, stored in SQLite and written as UTF-8 JSON.

    Text from a child (an exception message, printed output) may hold lone
    surrogates such as ``"\\ud800"``, which cannot be encoded as UTF-8; they are
    written out as backslash escapes, once, where replies are decoded. Only those:
    the string may be data a check compares. ``grader.safetext.text`` later also
    escapes terminal controls in what is printed or stored.
    """
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
