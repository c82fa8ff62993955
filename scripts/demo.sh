#!/usr/bin/env bash
# The learner's loop in a throwaway workspace: start softmax, grade the untouched stub,
# drop in a typical wrong answer, grade it (feedback), drop in a right one, grade again.
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
step progress;       learn progress | head -n 6
echo; echo "workspace: $ws"
