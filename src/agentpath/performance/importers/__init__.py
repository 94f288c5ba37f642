"""KPI import: wide or long files (CSV or XLSX), the API batch, and the CLI (`agentpath import kpi FILE`).

- layout.py   which column holds what (wide/long), the import scope, the cell parsers, the report
- staging.py  the rows into a temp table (COPY on PostgreSQL, executemany on SQLite), flat memory
- rules.py    each validation rule once: its set-based check and its message
- typed.py    the staged text typed into one row per employee-day
- merge.py    the upsert into KpiDay, corrections kept (the same statements on both databases)
- messages.py the errors rendered for people; messages about a file as a whole
- fast.py     the typed COPY fast path of PostgreSQL for a plain wide CSV
- pipeline.py one import from start to end; import_kpi_file, records_source
- runs.py     the record of each run (KpiImport): start, progress, outcome, failure
"""
from .layout import ImportRejected, ImportScope, KpiImportReport, parse_date, parse_number
from .pipeline import import_kpi_file, records_source, run_import

__all__ = ["ImportRejected", "ImportScope", "KpiImportReport", "import_kpi_file", "parse_date", "parse_number",
           "records_source", "run_import"]
