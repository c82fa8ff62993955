#!/usr/bin/env bash
# Install (scripts/setup.sh), then run the whole test suite; pytest's exit status is ours.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m pytest -q "$@"
