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

echo; echo "# an instructor grades a sample class of three learners, in parallel"
cls="$ws/class"
mkdir -p "$cls/ana" "$cls/ben" "$cls/cho"
cp solutions/softmax.py solutions/one_hot.py "$cls/ana/"
cp solutions/wrong/softmax/ignores_dim.py "$cls/ben/softmax.py"
cp solutions/one_hot.py "$cls/ben/one_hot.py"
cp exercises/softmax/stub.py "$cls/cho/softmax.py"
cp solutions/wrong/one_hot/uses_max_plus_one.py "$cls/cho/one_hot.py"
mkdir -p "$cls/ana/quizzes"
printf 'iterations_3000_64 = 47\nupdates_per_epoch = 100\n' > "$cls/ana/quizzes/epoch_batch_iteration.toml"
printf '\033[1m$ learn class grade %s --jobs 2\033[0m\n' "$cls"
.venv/bin/learn class grade "$cls" --jobs 2 || true
echo; echo "workspace: $ws"
