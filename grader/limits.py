"""What one submission may cost the grader: the limits, in one place (no torch here)."""

#: the most wall time one submission may use across loading and all its checks, in the judge
SUBMISSION_BUDGET_S = 60.0

#: a class worker holding one file longer than this is stopped and the file recorded as failed
WORKER_JOB_TIMEOUT_S = 2.5 * SUBMISSION_BUDGET_S

#: the largest file graded; a larger one is refused before it is read (reference solutions are ~3 KB)
MAX_FILE_BYTES = 256 * 1024
