"""Organisations, people, boards and memberships (DOMAIN.md: Who and what)."""

from django.conf import settings
from django.db import models


class Organisation(models.Model):
    """An agency of the partnership: council, police, probation, health, fire, voluntary sector."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=50, blank=True)

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


class Board(models.Model):
    """A board of the partnership. Boards form a tree of any depth via ``parent``."""

    class Kind(models.TextChoices):
        PARTNERSHIP_BOARD = "partnership_board", "Partnership board"
        SUBGROUP = "subgroup", "Subgroup"
        SAFER_NEIGHBOURHOOD_BOARD = "safer_neighbourhood_board", "Safer neighbourhood board"
        EXECUTIVE_GROUP = "executive_group", "Executive group"

    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
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
    """A person's role on a board between ``start_date`` and ``end_date`` (open-ended if null)."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        OFFICER = "officer", "Officer"
        CLERK = "clerk", "Contact officer / clerk"
        MINUTE_TAKER = "minute_taker", "Minute taker"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    title_on_board = models.CharField(
        max_length=200, blank=True, help_text='e.g. "SNB Chair", "Portfolio Holder"'
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["board", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} of {self.board}"
