#!/usr/bin/env bash
# Add Companion to the desktop's application menu for the current user (no root needed):
#   packaging/linux/install-desktop.sh                 menu entry, icons and AppStream metadata
#   packaging/linux/install-desktop.sh --exec PATH     launch PATH instead of `companion` on PATH
#                                                      (e.g. a venv's bin/companion or a
#                                                      PyInstaller build's companion/companion)
#   packaging/linux/install-desktop.sh --uninstall     remove them again
# Files go under ${XDG_DATA_HOME:-~/.local/share}: applications/, icons/hicolor/, metainfo/.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
DESKTOP_ID=companion.desktop
METAINFO=io.github.companion_reader.Companion.metainfo.xml
ICON_FILES=(
  48x48/apps/companion.png
  128x128/apps/companion.png
  256x256/apps/companion.png
  scalable/apps/companion.svg
)

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; }

uninstall=0
exec_cmd=""
while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) uninstall=1 ;;
    --exec) [ $# -ge 2 ] || { usage >&2; exit 2; }; exec_cmd=$2; shift ;;
    --exec=*) exec_cmd=${1#--exec=} ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# Refresh the menu and icon caches when the tools exist (they are optional).
refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -d "$DATA/icons/hicolor" ]; then
    # -t: our user theme folder has no index.theme of its own.
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" 2>/dev/null || true
  fi
}

if [ "$uninstall" = 1 ]; then
  rm -f "$DATA/applications/$DESKTOP_ID" "$DATA/metainfo/$METAINFO"
  for icon in "${ICON_FILES[@]}"; do rm -f "$DATA/icons/hicolor/$icon"; done
  refresh
  echo "Companion removed from the application menu ($DATA)."
  exit 0
fi

if [ -z "$exec_cmd" ] && ! command -v companion >/dev/null 2>&1; then
  echo "note: \`companion\` is not on PATH; the menu entry needs it there (or use --exec PATH)." >&2
fi
case "$exec_cmd" in
  *[[:space:]\"\'\\\`\$]*)
    echo "install-desktop.sh: --exec path must not contain spaces, quotes or \$: $exec_cmd" >&2
    exit 2 ;;
esac

mkdir -p "$DATA/applications" "$DATA/metainfo"
if [ -n "$exec_cmd" ]; then
  sed "s|^Exec=companion\$|Exec=$exec_cmd|" "$HERE/$DESKTOP_ID" >"$DATA/applications/$DESKTOP_ID"
  chmod 644 "$DATA/applications/$DESKTOP_ID"
else
  install -m 644 "$HERE/$DESKTOP_ID" "$DATA/applications/$DESKTOP_ID"
fi
install -m 644 "$HERE/$METAINFO" "$DATA/metainfo/$METAINFO"
for icon in "${ICON_FILES[@]}"; do
  install -D -m 644 "$HERE/icons/hicolor/$icon" "$DATA/icons/hicolor/$icon"
done
refresh
echo "Companion added to the application menu ($DATA/applications/$DESKTOP_ID)."
