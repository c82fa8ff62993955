#!/usr/bin/env bash
# Make ./.venv with `learn` installed. An already-installed torch is used as it is
# (the venv sees system site-packages); otherwise torch 2.13.0 (a CPU build where
# one is on local disk), else any torch>=2.2.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
  || { echo "learn needs Python 3.11 or newer (it reads the course with tomllib); set PYTHON=python3.11" >&2; exit 2; }
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv --system-site-packages .venv
fi
if ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
  .venv/bin/pip install -q --disable-pip-version-check "torch==2.13.0" 2>/dev/null \
    || .venv/bin/pip install -q --disable-pip-version-check "torch>=2.2"
fi
.venv/bin/pip install -q --disable-pip-version-check -e . 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -c "import grader, torch, sqlite_utils, jinja2, click" \
  || { echo "setup failed: the project did not install" >&2; exit 1; }
# The report's browser tests open the pages in Chromium (Debian package `chromium`; fonts-nanum
# makes the Korean screenshots readable). Installed where missing when this machine allows it
# (root and apt-get); setup goes on without them otherwise, and those tests say what is missing.
has_browser() { command -v chromium || command -v chromium-browser || command -v google-chrome; }
if ! has_browser >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  { apt-get install -y -q chromium || { apt-get update -q && apt-get install -y -q chromium; }; } >/dev/null 2>&1 \
    && { apt-get install -y -q fonts-nanum >/dev/null 2>&1 || true; } \
    || echo "note: could not install chromium (apt-get install -y chromium); the report's browser tests need it" >&2
fi
