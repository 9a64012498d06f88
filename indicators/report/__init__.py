"""The performance report as a paper on its own: one PDF, page references computed."""
from .builder import ReportBuild, build_performance_report, report_pdf_title

__all__ = ["ReportBuild", "build_performance_report", "report_pdf_title"]
