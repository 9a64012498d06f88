"""The agenda pack: a meeting's notice, agenda and papers as one PDF (DOMAIN.md: Agenda pack).

``build_agenda_pack(meeting=..., edition=...)`` returns a ``PackBuild`` (the PDF
bytes, page count and computed page references); ``render`` stores it
on a PackRender. ``context`` decides what each edition contains; ``builder``
lays it out; ``uploads`` places uploaded PDF papers.
"""
from .builder import PackBuild, PackBuildError, build_agenda_pack, format_page_reference

__all__ = ["PackBuild", "PackBuildError", "build_agenda_pack", "format_page_reference"]
