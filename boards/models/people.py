"""Organisations, people, boards and memberships (DOMAIN.md: Who and what)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    """An agency of the partnership: council, police, probation, health, fire, voluntary sector.

    ``responsible_authority`` marks the statutory partners of a CSP (Crime and
    Disorder Act 1998 s.5: the council, police, probation, health (CCG/ICB) and
    fire and rescue; DOMAIN.md: The partnership plan).
    """

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)
    responsible_authority = models.BooleanField(
        default=False,
        help_text="A responsible authority (statutory partner) under the Crime and Disorder "
        "Act 1998.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """Someone who sits on, serves or presents to a board.

    ``user`` links a login when the person has one (officers, chairs, clerks).
    """

    name = models.CharField(max_length=200)
    post_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def name_and_post(self) -> str:
        """ "Name, Post title" as the seed's report headers print it."""
        return f"{self.name}, {self.post_title}" if self.post_title else self.name


class BoardKind(models.Model):
    """A kind of board a partnership runs: partnership board, strategic group, delivery group,
    panel, scrutiny committee… Data, not a fixed list: the partnership's clerk adds kinds.

    ``slug`` is how imports and the demo data name a kind; ``position`` orders the
    board list's top-level boards (lowest first).
    """

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Board(models.Model):
    """A board of the partnership. Boards form a tree of any depth via ``parent``.

    ``reports_to_parent`` is set by the partnership for a subgroup that reports to
    its parent board: its chairs, officers, clerks and minute takers then act as
    officers of the parent (boards.access); plain members never do.
    """

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.ForeignKey(BoardKind, on_delete=models.PROTECT, related_name="boards")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    terms_of_reference = models.TextField(blank=True)
    # What the agenda pack prints in its "Public Document Pack" header and notice. A board
    # without them takes them from the nearest board above it that has them (pack_identity).
    partnership_name = models.CharField(
        max_length=200, blank=True,
        help_text='Printed in the pack header, e.g. "Barking and Dagenham Community Safety '
        'Partnership".',
    )
    logo = models.FileField(
        upload_to="logos/", blank=True,
        help_text="PNG or JPEG printed at the top of the pack's first page.",
    )
    sign_off_name = models.CharField(
        max_length=200, blank=True, help_text="Who issues the notice of meeting, e.g. the "
        "council's Chief Executive or the partnership's chair.",
    )
    sign_off_title = models.CharField(
        max_length=200, blank=True, help_text='e.g. "Chief Executive"'
    )
    reports_to_parent = models.BooleanField(
        default=False,
        help_text="The subgroup reports to its parent board: its chairs, officers, clerks and "
        "minute takers act as officers of the parent board (never its plain members).",
    )
    standard_agenda = models.JSONField(
        default=dict, blank=True,
        help_text='The standard agenda every new meeting of the board starts with: '
        '{"opening": [titles], "closing": [titles]}, e.g. "Apologies for absence" first and '
        '"Date of next meeting" last (boards.agenda.standard).',
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def pack_identity(self) -> dict:
        """``{"partnership_name", "logo", "sign_off_name", "sign_off_title"}`` for the pack.

        Each value is this board's own, or else that of the nearest board above it
        that sets it ('' / an empty FieldFile when none does). Raises nothing.
        """
        chain = [self, *self.ancestors()]
        out: dict = {}
        for name in ("partnership_name", "logo"):
            out[name] = next((getattr(b, name) for b in chain if getattr(b, name)),
                             getattr(self, name))
        # Name and title go together: one board's sign-off, never a mix of two.
        signer = next((b for b in chain if b.sign_off_name), self)
        out["sign_off_name"] = signer.sign_off_name
        out["sign_off_title"] = signer.sign_off_title
        return out

    def get_kind_display(self) -> str:
        """The kind's name, e.g. "Partnership board" (as a choices field would give it)."""
        return self.kind.name

    def ancestors(self) -> list["Board"]:
        """Boards above this one, nearest first; raises nothing on a root board."""
        chain: list[Board] = []
        node = self.parent
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class MembershipQuerySet(models.QuerySet):
    def current_on(self, day) -> "MembershipQuerySet":
        """Memberships that cover ``day`` (a date): started by then and not yet ended."""
        return self.filter(
            models.Q(start_date__isnull=True) | models.Q(start_date__lte=day),
            models.Q(end_date__isnull=True) | models.Q(end_date__gte=day),
        )


class Membership(models.Model):
    """A seat on a board between ``start_date`` and ``end_date`` (open-ended if null).

    A seat is a person's, or an organisation's (DOMAIN.md: "Membership is often by
    organisation"). For a person's seat ``person`` is the member and
    ``organisation`` is null. For an organisation's seat ``organisation`` is set and
    ``person`` is its named representative, if it has one; ``deputy`` may stand in
    for the representative. The representative and the deputy both hold the
    seat's role (boards.access).
    """

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        OFFICER = "officer", "Officer"
        CLERK = "clerk", "Contact officer / clerk"
        MINUTE_TAKER = "minute_taker", "Minute taker"
        ADVISER = "adviser", "Adviser"
        ANALYST = "analyst", "Analyst"

    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships",
        help_text="The member, or the organisation's named representative.",
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE,
        related_name="memberships", help_text="Set when the seat is the organisation's.",
    )
    deputy = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="deputy_memberships",
        help_text="Who stands in for an organisation's representative.",
    )
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    title_on_board = models.CharField(
        max_length=200, blank=True, help_text='e.g. "SNB Chair", "Portfolio Holder"'
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["board", "role", "person__name", "organisation__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(person__isnull=False) | models.Q(organisation__isnull=False),
                name="membership_person_or_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(deputy__isnull=True) | models.Q(organisation__isnull=False),
                name="membership_deputy_only_for_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} – {self.get_role_display()} of {self.board}"

    @property
    def member_name(self) -> str:
        """Who holds the seat: the organisation's name for its seat, else the person's."""
        if self.organisation_id:
            return self.organisation.name
        return self.person.name if self.person_id else ""

    @property
    def display_name(self) -> str:
        """ "Jane Scotchbrook (Metropolitan Police)" for a represented organisation's seat;
        the organisation alone when it names no representative; else the person's name."""
        if self.organisation_id and self.person_id:
            return f"{self.person.name} ({self.organisation.name})"
        return self.member_name

    @property
    def seat_people(self) -> list[Person]:
        """The people who hold the seat's role: the member or representative, and the deputy."""
        return [p for p in (self.person, self.deputy) if p is not None]
