"""What one `index` run did."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from cablesearch.model import Skip


@dataclass
class IndexReport:
    """What one `index` run did; `to_dict()` is the `--json` summary."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    files_read: int = 0
    cables_indexed: int = 0
    elapsed: float = 0.0
    index: str = ""
    #: Hidden files and folders (names starting with `.`) left out, as ripgrep does (`--hidden`).
    hidden: int = 0
    #: Unchanged files read again because what they were skipped for is there now (an OCR engine).
    retried: int = 0
    #: Cables written whose text came (in part) from OCR of scanned pages (`--ocr`).
    ocr_cables: int = 0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["skipped"] = [{"path": s.path, "reason": s.reason} for s in self.skipped]
        d["elapsed"] = round(self.elapsed, 3)
        return d
