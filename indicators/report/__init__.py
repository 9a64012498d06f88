"""The performance dashboard and report: its content, charts, PDF building and rendering."""
