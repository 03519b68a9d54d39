"""One benchmark figure next to its baseline, and the table they print as."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """A measured figure, the baseline measured in the same run, and the target it must meet."""

    figure: str
    ours: float
    baseline: float
    baseline_name: str
    higher_is_better: bool = False
    target: str = ""
    ok: bool | None = None

    @property
    def ratio(self) -> float:
        """ours / baseline (for throughput, how much of the baseline's speed we keep)."""
        return self.ours / self.baseline if self.baseline else float("nan")


def format_table(rows: list[Row]) -> str:
    """A plain-text table: figure, ours, baseline (name), ratio, target, verdict."""
    header = ("figure", "ours", "baseline", "ratio", "target", "")
    lines = [
        (
            r.figure,
            f"{r.ours:,.3g}" if r.ours < 100 else f"{r.ours:,.0f}",
            (f"{r.baseline:,.3g}" if r.baseline < 100 else f"{r.baseline:,.0f}")
            + f" ({r.baseline_name})",
            f"{r.ratio:.2f}",
            r.target,
            "" if r.ok is None else ("ok" if r.ok else "MISSED"),
        )
        for r in rows
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *lines, strict=True)]
    out = []
    for i, line in enumerate([header, *lines]):
        out.append("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)
