"""Setting up a partnership from one workbook: organisations, boards, people, memberships,
its plan, priorities and actions (issue 10: "Set-up without admin").

This app sits above boards, plans and actions: it reads a workbook, checks every row, and
writes through their services. It has no models of its own.
"""
