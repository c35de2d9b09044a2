"""Readers that turn files and feeds into `FeedbackRecord`s, without Django.

Tabular exports (CSV, XLSX) go through `open_table` and a named `ColumnMapping`; «Ваш контроль» XML and
media feeds have their own readers. Every reader reports a file it cannot take as `UnreadableFile` and a
bad item as a list of `RowError`s. Formats are described in docs/formats/.
"""

from otklik.intake.readers.errors import RowError, UnreadableFile
from otklik.intake.readers.feeds import FeedFetchError, FeedResponse, fetch_feed, parse_feed
from otklik.intake.readers.kinds import FileKind, check_stream, file_kind
from otklik.intake.readers.limits import DEFAULT_LIMITS, ReadLimits
from otklik.intake.readers.mapping import (
    ColumnMapping,
    MappingError,
    apply_mapping,
    available_mappings,
    load_mapping,
    mapping_from_dict,
    read_records,
)
from otklik.intake.readers.tabular import RawRow, Table, count_rows, open_table, read_rows
from otklik.intake.readers.values import looks_like_formula
from otklik.intake.readers.vashkontrol_xml import read_vashkontrol_xml

__all__ = [
    "DEFAULT_LIMITS",
    "ColumnMapping",
    "FeedFetchError",
    "FeedResponse",
    "FileKind",
    "MappingError",
    "RawRow",
    "ReadLimits",
    "RowError",
    "Table",
    "UnreadableFile",
    "apply_mapping",
    "available_mappings",
    "check_stream",
    "count_rows",
    "fetch_feed",
    "file_kind",
    "load_mapping",
    "looks_like_formula",
    "mapping_from_dict",
    "open_table",
    "parse_feed",
    "read_records",
    "read_rows",
    "read_vashkontrol_xml",
]
