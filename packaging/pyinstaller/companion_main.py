"""Entry point of the PyInstaller build: the same as the ``companion`` command."""

from companion.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
