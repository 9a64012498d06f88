"""Importing KPI returns from the analyst's CSV or XLSX file, all or nothing."""
