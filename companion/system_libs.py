"""The system libraries Qt needs on Linux, checked before Qt starts (no Qt import here).

Qt's wheels bring Qt itself but not the X11/OpenGL libraries its platform plugins link to. When
one is missing, Qt prints a page of advice and aborts the process; we check first and say, in one
line, which library is missing and which Debian/Ubuntu package provides it. ``./dev`` asks this
module (``python -m companion.system_libs packages``) which packages to install.

The tables list the shared objects the plugins name in their ELF ``NEEDED`` entries (PySide6
6.11: ``plugins/platforms/libqxcb.so`` and ``lib/libQt6XcbQpa.so.6`` for a window;
``libqoffscreen.so`` and QtGui for offscreen rendering), with the package that ships each one.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from companion.errors import ResourceMissing

# (soname, Debian/Ubuntu package) — what QtGui and the offscreen plugin need.
OFFSCREEN_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)

# What the xcb platform plugin (a real window on X11 or XWayland) needs on top.
WINDOW_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb.so.1", "libxcb1"),
    ("libX11.so.6", "libx11-6"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libgthread-2.0.so.0", "libglib2.0-0"),
)

# Programs the app runs, each a group of alternatives and the package that provides the first:
# espeak-ng's Mandarin voice (companion/speech), and a player for its WAV files.
PROGRAMS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("espeak-ng",), "espeak-ng"),
    (("pw-play", "paplay", "aplay"), "alsa-utils"),
)


@dataclass(frozen=True)
class Missing:
    """A library the dynamic loader could not load, and why."""

    soname: str
    package: str
    reason: str


def load_error(library: str) -> str | None:
    """Why the dynamic loader cannot load ``library`` (a soname or a path), or None if it can."""
    try:
        ctypes.CDLL(library)
    except OSError as exc:
        return str(exc)
    return None


def missing_libraries(table: Sequence[tuple[str, str]]) -> list[Missing]:
    """The libraries in ``table`` the loader cannot load, in table order.

    A library that fails because one of *its* dependencies is missing is reported as that
    dependency (the loader names the object it could not open), so one missing ``libxcb.so.1``
    is one entry, not twenty."""
    packages = dict(OFFSCREEN_LIBRARIES + WINDOW_LIBRARIES) | dict(table)
    found: dict[str, Missing] = {}
    for soname, _package in table:
        reason = load_error(soname)
        if reason is None:
            continue
        culprit = Path(reason.split(": ", 1)[0]).name if ": " in reason else soname
        if not culprit.startswith("lib") or ".so" not in culprit:
            culprit = soname
        if culprit not in found:
            found[culprit] = Missing(culprit, packages.get(culprit, ""), reason)
    return list(found.values())


def xcb_plugin() -> Path | None:
    """PySide6's xcb platform plugin, located without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        plugin = Path(root) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def uses_xcb(environ: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will open its window through the xcb plugin."""
    if not platform.startswith("linux"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    wayland = environ.get("WAYLAND_DISPLAY") or environ.get("XDG_SESSION_TYPE") == "wayland"
    return bool(environ.get("DISPLAY")) and not wayland


def _reason(missing: Missing) -> str:
    """A short reason: the loader's words after the soname ("file too short", ...)."""
    text = missing.reason.split(": ", 1)[-1] if ": " in missing.reason else missing.reason
    return "" if "No such file" in text else f" ({text})"


def check_window_libraries(environ: Mapping[str, str] | None = None) -> None:
    """Raise ResourceMissing, in one line, when Qt's window plugin could not load.

    The plugin itself is the ground truth: the loader opens it with its own search path (a
    frozen app's bundled libraries included). Only when that fails are the tables consulted,
    to name every missing library and its package rather than the first one."""
    env = os.environ if environ is None else environ
    if not uses_xcb(env):
        return
    plugin = xcb_plugin()
    if plugin is None:
        return  # not a layout we know (a frozen app): let Qt speak for itself
    reason = load_error(str(plugin))
    if reason is None:
        return
    missing = missing_libraries(OFFSCREEN_LIBRARIES + WINDOW_LIBRARIES)
    if missing:
        names = ", ".join(m.soname + _reason(m) for m in missing)
        packages = " ".join(dict.fromkeys(m.package for m in missing if m.package))
        advice = f"; on Debian or Ubuntu install them with: sudo apt-get install {packages}"
        raise ResourceMissing(
            f"the window cannot open: system libraries missing: {names}"
            + (advice if packages else "")
        )
    raise ResourceMissing(f"the window cannot open: Qt's xcb plugin does not load ({reason})")


def missing_packages(kind: str) -> list[str]:
    """Debian packages to install for ``kind``: "offscreen" or "window" (which includes it)."""
    table = OFFSCREEN_LIBRARIES + (WINDOW_LIBRARIES if kind == "window" else ())
    return list(dict.fromkeys(m.package for m in missing_libraries(table) if m.package))


def missing_programs(path: str | None = None) -> list[str]:
    """Debian packages for the PROGRAMS of which no alternative is on path (default $PATH)."""
    return [
        package
        for names, package in PROGRAMS
        if not any(shutil.which(name, path=path) for name in names)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m companion.system_libs packages [window|offscreen|speech]``: one package a
    line (speech: the voice and a player, which are programs rather than libraries)."""
    args = list(sys.argv[1:] if argv is None else argv)
    usage = "usage: python -m companion.system_libs packages [window|offscreen|speech]"
    if not args or args[0] != "packages" or len(args) > 2:
        print(usage, file=sys.stderr)
        return 2
    kind = args[1] if len(args) == 2 else "window"
    if kind not in ("window", "offscreen", "speech"):
        print(f"unknown kind {kind!r}: use window, offscreen or speech", file=sys.stderr)
        return 2
    for package in missing_programs() if kind == "speech" else missing_packages(kind):
        print(package)
    return 0


if __name__ == "__main__":
    sys.exit(main())
