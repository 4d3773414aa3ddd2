"""Rows of the facts tables turned into plain records (shared by every reader)."""

from __future__ import annotations

from bot.knowledge import models
from bot.knowledge.records import Citation, Evidence, Fact, SourceRef


def source_record(row: models.Source) -> SourceRef:
    return SourceRef(id=row.id, title=row.title, publisher=row.publisher, url=row.url)


def evidence_record(row: models.Fact) -> Evidence:
    return Evidence(
        fact_id=row.id,
        citations=tuple(Citation(source_record(citation.source), citation.locator) for citation in row.citations),
        checked=row.checked_on,
    )


def fact_record(text: str, row: models.Fact) -> Fact:
    return Fact(text, evidence_record(row))
