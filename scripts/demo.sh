#!/usr/bin/env bash
# The learner's loop in a throwaway workspace: start softmax, grade the untouched stub,
# drop in a typical wrong answer, grade it (feedback), drop in a right one, grade again;
# answer a quiz from a file; then grade a sample class folder as an instructor would.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ws=$(mktemp -d "${TMPDIR:-/tmp}/learn-demo.XXXXXX")
learn() { .venv/bin/learn --workspace "$ws" --learner demo "$@"; }
step() { printf '\n\033[1m$ learn %s\033[0m\n' "$*"; }
step start softmax;  learn start softmax | tail -n 4
step grade softmax;  learn grade softmax || true
echo; echo "# a typical first try: exp without subtracting the max"
cp solutions/wrong/softmax/no_max_subtracted.py "$ws/softmax.py"
step grade softmax;  learn grade softmax || true
step hint softmax;   learn hint softmax
echo; echo "# the fixed version"
cp solutions/softmax.py "$ws/softmax.py"
step grade softmax;  learn grade softmax
step progress;       learn progress | sed -n 1,6p

echo; echo "# a quiz answered from a file: a typical wrong answer is named"
printf 'iterations_3000_64 = 46\n' > "$ws/answers.toml"
step quiz epoch_batch_iteration --answers "$ws/answers.toml"
learn quiz epoch_batch_iteration --answers "$ws/answers.toml" | sed -n 1,5p || true

echo; echo "# an instructor grades the sample class: a dozen learners, every kind of hand-in"
cls="$ws/class"
.venv/bin/python scripts/sample_class.py "$cls" >/dev/null
printf '\033[1m$ learn class grade %s --jobs 2\033[0m\n' "$cls"
.venv/bin/learn class grade "$cls" --jobs 2 --no-progress
echo; echo "# run it again: nothing changed, so nothing is graded again"
.venv/bin/learn class grade "$cls" --jobs 2 --no-progress >/dev/null
printf '\033[1m$ learn class export %s --format csv --out grades.csv\033[0m\n' "$cls"
.venv/bin/learn class export "$cls" --format csv --out "$ws/grades.csv"
echo; echo "# ... and reports it: a static HTML site (class, every item, every learner), no network needed"
printf '\033[1m$ learn class report %s --out report\033[0m\n' "$cls"
.venv/bin/learn class report "$cls" --out "$ws/report"
echo; echo "workspace: $ws"
