"""Load the demo data in ``boards/demo/*.yaml`` into the database, idempotently.

Every fact comes from the 28 March 2018 agenda pack of the Barking and Dagenham Community
Safety Partnership board (``seeds/bd-csp-board-agenda-pack-2018-03-28.txt``), or, for the
partnership plan, from its Community Safety Plan 2014 – 2017
(``seeds/bd-community-safety-plan-2014-17.txt``); each YAML file's header says which part.
Rows are matched on natural keys (organisation and person by name, board by slug, meeting
by board and start, agenda item by meeting, parent and position, action by board and
number, plan by board and title…), so loading twice changes nothing. The child collections
of what the YAML names (memberships, attendance, agenda items, minutes, papers and their
sections, subgroup reports of a meeting, actions and forward plan of a board, action leads,
a plan's priorities and the links to them) are synced to exactly the YAML's set; people,
organisations, boards and meetings are never deleted. A person's login is left alone.

This is a seeding tool, not a user action: it writes through the ORM in one transaction and
writes no audit entries.
"""
import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from django.db import models, transaction

from actions.models import Action, RagStatus
from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    BoardKind,
    ForwardPlanItem,
    Meeting,
    Membership,
    Minute,
    Organisation,
    Paper,
    PaperSection,
    Person,
    Purpose,
)
from boards.models.meetings import ROMAN
from indicators.demo import load_demo_indicators
from subgroups.models import SubgroupReport

from .plans import load_plans
from .schema import (
    DemoDataError,
    Entry,
    check,
    choice,
    fields,
    local_datetime,
    name_key,
    read_files,
    security_of,
    text,
)

__all__ = ["DATA_DIR", "DemoDataError", "load_demo"]

DATA_DIR = Path(__file__).resolve().parent

def load_demo(*, data_dir: Path | None = None) -> dict[str, int]:
    """Load every ``*.yaml`` in ``data_dir`` (default: this package) in one transaction.

    Returns the number of objects written or confirmed per model label, e.g.
    ``{"boards.Person": 46, …}``. Raises DemoDataError naming the file and entry on a bad
    entry; the transaction then leaves the database unchanged. Ends by loading the demo
    performance indicators (``indicators.demo.load_demo_indicators``) and then the
    partnership plan with its links (``boards.demo.plans``) in the same transaction.
    """
    buckets = read_files(data_dir or DATA_DIR)
    with transaction.atomic():
        loader = _Loader()
        loader.board_kinds(buckets["board_kinds"])
        loader.organisations(buckets["organisations"])
        loader.people(buckets["people"])
        loader.boards(buckets["boards"])
        loader.meetings(buckets["meetings"])
        loader.papers(buckets["papers"])
        loader.reports(buckets["reports"])
        loader.actions(buckets["actions"])
        loader.forward_plan(buckets["forward_plan"])
        # The indicators look up these boards and the 28 March agenda item 7(i).
        load_demo_indicators()
        # Last: the plan links these actions and indicators to its priorities.
        load_plans(loader, buckets["plans"])
    return dict(sorted(loader.counts.items()))


# --- writing -------------------------------------------------------------------------------

class _Loader:
    """Holds what has been loaded so later entries can refer to it."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.orgs: dict[str, Organisation] = {}
        self.names: dict[str, str] = {}
        self.persons: dict[str, Person] = {}
        self.board_by_slug: dict[str, Board] = {}
        self.meeting_by_key: dict[tuple[str, dt.date], Meeting] = {}
        self.item_by_label: dict[tuple[int, str], AgendaItem] = {}
        self.inline_papers: list[Entry] = []

    def upsert(self, model: type[models.Model], keys: dict, values: dict) -> Any:
        """Fetch by ``keys`` and save only the ``values`` that differ (or create)."""
        self.counts[model._meta.label] += 1
        obj = model.objects.filter(**keys).order_by("pk").first()
        if obj is None:
            return model.objects.create(**keys, **values)
        changed = [f for f, v in values.items() if _current(obj, f) != _raw(v)]
        if changed:
            for f in changed:
                setattr(obj, f, values[f])
            obj.save()
        return obj

    def person(self, name: Any, where: str) -> Person:
        canonical = self.names.get(name_key(check(name, str, where)))
        if canonical is None:
            raise DemoDataError(f"{where}: unknown person {name!r} (no such name or alias)")
        return self.persons[canonical]

    def board(self, slug: str, where: str) -> Board:
        board = self.board_by_slug.get(slug) or Board.objects.filter(slug=slug).first()
        if board is None:
            raise DemoDataError(f"{where}: unknown board {slug!r}")
        return board

    def kind(self, slug: str, where: str) -> BoardKind:
        kind = BoardKind.objects.filter(slug=slug).first()
        if kind is None:
            allowed = ", ".join(repr(k) for k in BoardKind.objects.values_list("slug", flat=True))
            raise DemoDataError(f"{where}: {slug!r} is not one of {allowed}")
        return kind

    def meeting(self, key: tuple[str, dt.date], where: str) -> Meeting:
        if key not in self.meeting_by_key:
            raise DemoDataError(f"{where}: no meeting of {key[0]} on {key[1]} in the meeting files")
        return self.meeting_by_key[key]

    def item(self, meeting: Meeting, label: Any, where: str) -> AgendaItem:
        found = self.item_by_label.get((meeting.pk, str(label)))
        if found is None:
            raise DemoDataError(f"{where}: {meeting} has no agenda item {label!r}")
        return found

    # organisations and people

    def organisations(self, entries: list[Entry]) -> None:
        for where, e in entries:
            e = fields(e, where, {"name": str}, {"short_name": str})
            org = self.upsert(Organisation, {"name": e["name"]},
                              {"short_name": e.get("short_name", "")})
            for label in (e["name"], e.get("short_name")):
                if label:
                    self.orgs[name_key(label)] = org

    def people(self, entries: list[Entry]) -> None:
        optional = {"aliases": list, "post_title": str, "organisation": str, "email": str,
                    "phone": str}
        checked = []
        for where, e in entries:
            e = fields(e, f"{where} ({e.get('name')})", {"name": str}, optional)
            for alias in [e["name"], *e.get("aliases", [])]:
                taken = self.names.setdefault(name_key(check(alias, str, where)), e["name"])
                if taken != e["name"]:
                    raise DemoDataError(f"{where}: {alias!r} already names {taken!r}")
            checked.append((where, e))
        for where, e in checked:
            org = None
            if "organisation" in e:
                org = self.orgs.get(name_key(e["organisation"]))
                if org is None:
                    raise DemoDataError(f"{where}: unknown organisation {e['organisation']!r}")
            self.persons[e["name"]] = self.upsert(Person, {"name": e["name"]}, {
                "post_title": e.get("post_title", ""), "organisation": org,
                "email": e.get("email", ""), "phone": e.get("phone", ""),
            })

    # boards and memberships

    def board_kinds(self, entries: list[Entry]) -> None:
        for where, e in entries:
            e = fields(e, f"{where} ({e.get('slug')})", {"slug": str, "name": str},
                       {"position": int})
            self.upsert(BoardKind, {"slug": e["slug"]},
                        {"name": e["name"], "position": e.get("position", 100)})

    def boards(self, entries: list[Entry]) -> None:
        optional = {"short_name": str, "parent": str, "memberships": list,
                    "partnership_name": str, "sign_off_name": str, "sign_off_title": str,
                    "reports_to_parent": bool}
        for where, e in entries:
            where = f"{where} ({e.get('slug')})"
            e = fields(e, where, {"slug": str, "name": str, "kind": str}, optional)
            parent = self.board(e["parent"], where) if "parent" in e else None
            board = self.upsert(Board, {"slug": e["slug"]}, {
                "name": e["name"], "short_name": e.get("short_name", ""),
                "kind": self.kind(e["kind"], where), "parent": parent,
                **{f: e.get(f, "") for f in ("partnership_name", "sign_off_name",
                                             "sign_off_title")},
                "reports_to_parent": e.get("reports_to_parent", False),
            })
            self.board_by_slug[board.slug] = board
            kept, seen = [], set()
            for i, m in enumerate(e.get("memberships", [])):
                mwhere = f"{where} memberships[{i}]"
                m = fields(m, mwhere, {"person": str, "role": str},
                            {"title_on_board": str, "start_date": dt.date, "end_date": dt.date})
                person = self.person(m["person"], mwhere)
                role = choice(m["role"], Membership.Role, mwhere)
                if (person.pk, role) in seen:
                    raise DemoDataError(f"{mwhere}: {person} is listed twice as {role}")
                seen.add((person.pk, role))
                keys = {"board": board, "person": person, "role": role}
                kept.append(self.upsert(Membership, keys, {
                    "title_on_board": m.get("title_on_board", ""),
                    "start_date": m.get("start_date"), "end_date": m.get("end_date"),
                }).pk)
            Membership.objects.filter(board=board).exclude(pk__in=kept).delete()

    # meetings, attendance, agenda, minutes

    def meetings(self, entries: list[Entry]) -> None:
        optional = {"start": str, "end": str, "title": str, "venue": str,
                    "publication_date": dt.date, "chaired_by": str, "minute_taker": str,
                    "contact_officer": str, "attendance": list, "agenda": list}
        for where, e in entries:
            where = f"{where} ({e.get('board')} {e.get('date')})"
            e = fields(e, where, {"board": str, "date": dt.date, "status": str}, optional)
            board = self.board(e["board"], where)
            key = (board.slug, e["date"])
            if key in self.meeting_by_key:
                raise DemoDataError(f"{where}: a second meeting of {key[0]} on {key[1]}")
            people = {f: self.person(e[f], where) if f in e else None
                      for f in ("chaired_by", "minute_taker", "contact_officer")}
            # The seed gives no time for some meetings. Noon is a placeholder, not a fact: it
            # keeps the date the same in UTC and in London, so no display can shift the day.
            start = local_datetime(e["date"], e.get("start", "12:00"), where)
            meeting = self.upsert(Meeting, {"board": board, "start": start}, {
                "title": e.get("title", ""),
                "end": local_datetime(e["date"], e["end"], where) if "end" in e else None,
                "venue": e.get("venue", ""),
                "status": choice(e["status"], Meeting.Status, where),
                "publication_date": e.get("publication_date"),
                **people,
            })
            self.meeting_by_key[key] = meeting
            self.attendance(meeting, e.get("attendance", []), where)
            kept = [self.agenda_item(meeting, None, i, item, f"{where} agenda[{i - 1}]").pk
                    for i, item in enumerate(e.get("agenda", []), 1)]
            top = AgendaItem.objects.filter(meeting=meeting, parent__isnull=True)
            top.exclude(pk__in=kept).delete()

    def attendance(self, meeting: Meeting, rows: list, where: str) -> None:
        kept = []
        for i, a in enumerate(rows):
            awhere = f"{where} attendance[{i}]"
            a = fields(a, awhere, {"person": str, "status": str},
                        {"note": str, "substituting_for": str})
            person = self.person(a["person"], awhere)
            if person.pk in kept:
                raise DemoDataError(f"{awhere}: {person} is listed twice")
            # The minutes' own spelling of the name ("Dan James"), kept when it differs.
            spelled = " ".join(a["person"].split())
            self.upsert(Attendance, {"meeting": meeting, "person": person}, {
                "name_as_minuted": "" if spelled == person.name else spelled,
                "status": choice(a["status"], Attendance.Status, awhere),
                "note": a.get("note", ""), "position": i,
                "substituting_for": (self.person(a["substituting_for"], awhere)
                                     if "substituting_for" in a else None),
            })
            kept.append(person.pk)
        Attendance.objects.filter(meeting=meeting).exclude(person__in=kept).delete()

    def agenda_item(self, meeting: Meeting, parent: AgendaItem | None, position: int,
                    e: Any, where: str) -> AgendaItem:
        optional = {"description": str, "presenter": str, "is_verbal": bool,
                    "pack_content": str, "minute": dict, "papers": list, "sub_items": list,
                    "purpose": str, "minutes_allowed": int}
        e = fields(e, f"{where} ({e.get('title') if isinstance(e, dict) else e})",
                    {"title": str}, optional)
        keys = {"meeting": meeting, "parent": parent, "position": position}
        item = self.upsert(AgendaItem, keys, {
            "title": e["title"], "description": text(e.get("description")),
            "presenter": e.get("presenter", ""), "is_verbal": e.get("is_verbal", False),
            "pack_content": choice(e.get("pack_content", ""), AgendaItem.PackContent, where),
            "purpose": choice(e.get("purpose", ""), Purpose, where) if e.get("purpose") else "",
            "minutes_allowed": e.get("minutes_allowed"),
        })
        label = str(position) if parent is None else f"{parent.position}({ROMAN[position - 1]})"
        self.item_by_label[(meeting.pk, label)] = item
        if "minute" in e:
            m = fields(e["minute"], f"{where} minute", {"text": str}, {"decisions": str})
            self.upsert(Minute, {"agenda_item": item},
                        {"text": text(m["text"]), "decisions": text(m.get("decisions"))})
        else:
            Minute.objects.filter(agenda_item=item).delete()
        for i, paper in enumerate(e.get("papers", [])):
            pwhere = f"{where} papers[{i}]"
            self.inline_papers.append((pwhere, {**check(paper, dict, pwhere), "_item": item}))
        kept = [self.agenda_item(meeting, item, i, sub, f"{where} sub_items[{i - 1}]").pk
                for i, sub in enumerate(e.get("sub_items", []), 1)]
        AgendaItem.objects.filter(parent=item).exclude(pk__in=kept).delete()
        return item

    # papers and their sections

    def papers(self, entries: list[Entry]) -> None:
        by_item: dict[int, list[int]] = {item.pk: [] for item in self.item_by_label.values()}
        required = {"position": int, "title": str}
        optional = {"heading": str, "appendix_label": str, "author": str, "paper_date": dt.date,
                    "contact": str, "security": str, "exempt_paragraph": int, "sections": list,
                    "own_headings": bool}
        for where, e in [*self.inline_papers, *entries]:
            where = f"{where} ({e.get('title')})"
            if "_item" in e:
                item = e.pop("_item")
            else:
                meeting = self.meeting(e.pop("meeting"), where)
                item = self.item(meeting, e.pop("agenda_item", None), where)
            e = fields(e, where, required, optional)
            security, paragraph = security_of(e, where)
            paper = self.upsert(Paper, {"agenda_item": item, "position": e["position"]}, {
                "title": e["title"], "heading": e.get("heading", ""),
                "appendix_label": e.get("appendix_label", ""), "author": text(e.get("author")),
                "paper_date": e.get("paper_date"), "contact": text(e.get("contact")),
                "security": security, "exempt_paragraph": paragraph,
                "own_headings": e.get("own_headings", False),
            })
            if paper.pk in by_item[item.pk]:
                raise DemoDataError(f"{where}: a second paper at position {e['position']}")
            by_item[item.pk].append(paper.pk)
            self.sections(paper, e.get("sections", []), where)
        for item_pk, kept in by_item.items():
            Paper.objects.filter(agenda_item_id=item_pk).exclude(pk__in=kept).delete()

    def sections(self, paper: Paper, rows: list, where: str) -> None:
        for i, s in enumerate(rows, 1):
            swhere = f"{where} sections[{i - 1}]"
            s = fields(s, swhere, {}, {"heading": str, "kind": str, "body": str, "rows": list})
            kind = choice(s.get("kind", "text"), PaperSection.Kind, swhere)
            table = [[check(c, str, f"{swhere} rows") for c in check(r, list, f"{swhere} rows")]
                     for r in s.get("rows", [])]
            if (kind == PaperSection.Kind.TABLE) != bool(table):
                raise DemoDataError(f"{swhere}: a table section needs rows, a text section none")
            self.upsert(PaperSection, {"paper": paper, "position": i}, {
                "heading": s.get("heading", ""), "kind": kind,
                "body": text(s.get("body")), "rows": table,
            })
        PaperSection.objects.filter(paper=paper, position__gt=len(rows)).delete()

    # subgroup update reports

    def reports(self, entries: list[Entry]) -> None:
        kept: dict[int, list[int]] = {}
        optional = {"agenda_item": str, "title": str, "report_date": dt.date, "author": str,
                    "author_person": str, "contact": str, "security": str,
                    "exempt_paragraph": int, "brief_update": str, "key_challenges": str,
                    "support_required": str, "appendices": str}
        for where, e in entries:
            where = f"{where} ({e.get('subgroup')})"
            meeting = self.meeting(e.pop("meeting"), where)
            e = fields(e, where, {"subgroup": str, "status": str}, optional)
            security, paragraph = security_of(e, where)
            subgroup = self.board(e["subgroup"], where)
            report = self.upsert(SubgroupReport, {"subgroup": subgroup, "meeting": meeting}, {
                "agenda_item": (self.item(meeting, e["agenda_item"], where)
                                if "agenda_item" in e else None),
                "status": choice(e["status"], SubgroupReport.Status, where),
                "title": e.get("title", ""), "report_date": e.get("report_date"),
                "author": text(e.get("author")), "contact": e.get("contact", ""),
                "author_person": (self.person(e["author_person"], where)
                                  if "author_person" in e else None),
                "security": security, "exempt_paragraph": paragraph,
                **{f: text(e.get(f)) for f in ("brief_update", "key_challenges",
                                                "support_required", "appendices")},
            })
            kept.setdefault(meeting.pk, []).append(report.pk)
        for meeting_pk, pks in kept.items():
            SubgroupReport.objects.filter(meeting_id=meeting_pk).exclude(pk__in=pks).delete()

    # the action log

    def actions(self, entries: list[Entry]) -> None:
        kept: dict[int, list[int]] = {}
        optional = {"leads": list, "lead_body": str, "raised_under": int, "target_date": object,
                    "status": str, "closed_on": dt.date, "comments": str}
        required = {"number": int, "description": str, "raised_at": dt.date, "rag_status": str}
        for where, e in entries:
            where = f"{where} (number {e.get('number')})"
            board = self.board(e.pop("board"), where)
            e = fields(e, where, required, optional)
            meeting = self.meeting((board.slug, e["raised_at"]), where)
            target = e.get("target_date")
            if target is not None and target != "TBC":
                target = check(target, dt.date, f"{where}: field 'target_date'")
            leads = [self.person(n, f"{where} leads") for n in e.get("leads", [])]
            item = self.item(meeting, e["raised_under"], where) if "raised_under" in e else None
            restricted = item.restricted_by if item is not None else None
            action = self.upsert(Action, {"board": board, "number": e["number"]}, {
                "raised_at": meeting,
                "raised_under": item,
                "exempt_paragraph": restricted.exempt_paragraph if restricted else None,
                "description": text(e["description"]), "lead_body": e.get("lead_body", ""),
                "target_date": None if target == "TBC" else target,
                "target_date_tbc": target == "TBC",
                "rag_status": choice(e["rag_status"], RagStatus, where),
                "status": choice(e.get("status", "open"), Action.Status, where),
                "closed_on": e.get("closed_on"), "comments": text(e.get("comments")),
            })
            action.lead_people.set(leads)
            kept.setdefault(board.pk, []).append(action.pk)
        for board_pk, pks in kept.items():
            Action.objects.filter(board_id=board_pk).exclude(pk__in=pks).delete()

    # the forward plan

    def forward_plan(self, entries: list[Entry]) -> None:
        kept: dict[int, list[int]] = {}
        optional = {"section": str, "presenter": str, "reason": str, "comments": str,
                    "status": str, "is_standing": bool, "is_break": bool}
        for where, e in entries:
            board = self.board(e.pop("board"), where)
            e = fields(e, f"{where} ({e.get('date')})", {"date": dt.date, "items": list},
                       {"publication_date": dt.date})
            meeting = self.meeting((board.slug, e["date"]), where)
            planned = e.get("publication_date")
            if meeting.planned_publication_date != planned:
                meeting.planned_publication_date = planned
                meeting.save(update_fields=["planned_publication_date"])
            pks = kept.setdefault(board.pk, [])
            for i, row in enumerate(e["items"], 1):
                rwhere = f"{where} items[{i - 1}]"
                row = fields(row, rwhere, {"title": str}, optional)
                comments = row.get("comments", "")
                keys = {"board": board, "meeting": meeting, "position": i}
                pks.append(self.upsert(ForwardPlanItem, keys, {
                    "title": row["title"], "presenter": row.get("presenter", ""),
                    "section": (choice(row["section"], ForwardPlanItem.Section, rwhere)
                                if row.get("section") else ""),
                    "reason": choice(row["reason"], Purpose, rwhere) if row.get("reason") else "",
                    "comments": comments,
                    "status": choice(row.get("status", ""), ForwardPlanItem.Status, rwhere),
                    # DOMAIN.md: standing items repeat every meeting; the plan marks them so.
                    "is_standing": row.get("is_standing", "standing item" in comments.casefold()),
                    "is_break": row.get("is_break", False),
                }).pk)
        for board_pk, pks in kept.items():
            ForwardPlanItem.objects.filter(board_id=board_pk).exclude(pk__in=pks).delete()


def _current(obj: models.Model, name: str) -> Any:
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname)


def _raw(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
