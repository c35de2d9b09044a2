"""A benchmark's section of bench/RESULTS.md: written anew, the other sections kept as they are."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(title: str, section: str, path: Path = RESULTS) -> None:
    """Put `section` (headed by its first line, `title`) in place of the section so headed, or at the end."""
    text = path.read_text("utf-8") if path.exists() else "# Результаты бенчмарков\n\n"
    if title in text:
        head, _, tail = text.partition(title)
        rest = tail.split("\n## ", 1)
        text = head + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", "utf-8")
