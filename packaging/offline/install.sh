#!/usr/bin/env bash
# Install Companion from this offline bundle: no internet needed.
#   ./install.sh                 venv in ~/.local/share/companion-reader/venv, `companion` linked
#                                into ~/.local/bin, bundled translation models installed
#   ./install.sh --venv DIR      put the virtual environment in DIR (an existing one is reused)
#   ./install.sh --python PY     create the venv with PY (default: python@PYTHON_VERSION@, python3)
#   ./install.sh --data-dir DIR  install models into this data dir (default: $COMPANION_HOME,
#                                else Companion's usual data folder)
#   ./install.sh --desktop       also add Companion to the application menu
#   ./install.sh --no-link       do not link ~/.local/bin/companion
# Built for Python @PYTHON_VERSION@ on @PLATFORMS@.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WANT=@PYTHON_VERSION@
VENV=${COMPANION_VENV:-${XDG_DATA_HOME:-$HOME/.local/share}/companion-reader/venv}
PYTHON=${PYTHON:-}
DATA_DIR=""
DESKTOP=0
LINK=1

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --venv) [ $# -ge 2 ] || die "--venv needs a folder"; VENV=$2; shift ;;
    --python) [ $# -ge 2 ] || die "--python needs a program"; PYTHON=$2; shift ;;
    --data-dir) [ $# -ge 2 ] || die "--data-dir needs a folder"; DATA_DIR=$2; shift ;;
    --desktop) DESKTOP=1 ;;
    --no-link) LINK=0 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done

if [ ! -x "$VENV/bin/python" ]; then
  if [ -z "$PYTHON" ]; then
    for candidate in "python$WANT" python3; do
      if command -v "$candidate" >/dev/null 2>&1; then PYTHON=$candidate; break; fi
    done
  fi
  [ -n "$PYTHON" ] || die "Python $WANT was not found (install it, or pass --python PY)"
  have=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
  [ "$have" = "$WANT" ] || die "this bundle's wheels are for Python $WANT, but $PYTHON is $have"
  "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
    || die "Python's venv module is missing (Debian/Ubuntu: install python3-venv)"
  echo "==> creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi

echo "==> installing Companion from $HERE/wheels"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-index \
  --find-links "$HERE/wheels" --upgrade companion-reader

COMPANION=$VENV/bin/companion
[ -z "$DATA_DIR" ] || export COMPANION_HOME=$DATA_DIR
shopt -s nullglob
for model in "$HERE"/models/*.argosmodel; do
  echo "==> installing translation model $(basename "$model")"
  "$COMPANION" models install "$model"
done

if [ "$LINK" = 1 ]; then
  mkdir -p "$HOME/.local/bin"
  ln -sf "$COMPANION" "$HOME/.local/bin/companion"
  case ":$PATH:" in
    *":$HOME/.local/bin:"*) ;;
    *) echo "note: add ~/.local/bin to PATH, or run $COMPANION" ;;
  esac
fi
if [ "$DESKTOP" = 1 ]; then
  bash "$HERE/desktop/install-desktop.sh" --exec "$COMPANION"
fi
echo "Companion is installed: run \`companion\` (the app) or \`companion --help\`."
