"""The packaging tests' own guard rails: programs they run cannot use the network."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.packaging.helpers import can_unshare_network, offline_env, run_offline

PROBE = """
import socket
try:
    socket.getaddrinfo("localhost", 80)
except OSError as exc:
    print("refused:", exc)
print("interfaces:", sorted(name for _, name in socket.if_nameindex()))
"""


def test_programs_run_offline_cannot_resolve_or_reach_hosts(tmp_path: Path) -> None:
    result = run_offline(
        [sys.executable, "-c", PROBE], env=offline_env(tmp_path / "home"), cwd=tmp_path
    )
    assert "refused: network access is disabled" in result.stdout
    if can_unshare_network():  # a network namespace of its own: loopback only, and it is down
        assert "interfaces: ['lo']" in result.stdout


def test_offline_env_inherits_no_pip_or_python_settings(tmp_path: Path) -> None:
    env = offline_env(tmp_path / "home")
    assert env["PIP_NO_INDEX"] == "1" and env["PIP_CONFIG_FILE"]
    assert not [
        k
        for k in env
        if k.startswith("PIP_")
        and k
        not in {
            "PIP_NO_INDEX",
            "PIP_CONFIG_FILE",
            "PIP_DISABLE_PIP_VERSION_CHECK",
            "PIP_NO_CACHE_DIR",
        }
    ]
    assert "VIRTUAL_ENV" not in env
