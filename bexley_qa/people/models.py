"""The organisation (services, teams, staff and their roles) and the children whose cases it holds."""

from datetime import date
from functools import cached_property

import pghistory
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone

from bexley_qa.fields import AnswerField
from bexley_qa.history import NEVER_KEPT, tracked

from .workflow import PURGE_WORKFLOW, PurgeStatus, ReviewStatus
from .workflow import WORKFLOW as REVIEW_WORKFLOW


class RoleCode(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    STAYING_TOGETHER_WORKER = "staying_together_worker", "Staying Together worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    ASSISTANT_TEAM_MANAGER = "assistant_team_manager", "Assistant team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    ASSISTANT_DIRECTOR = "assistant_director", "Assistant director"
    DEPUTY_DIRECTOR = "deputy_director", "Deputy director"
    BUSINESS_SUPPORT = "business_support", "Business support officer"
    PSQA_BUSINESS_SUPPORT = "psqa_bso", "PSQA business support officer"
    PSQA = "psqa", "PSQA officer"
    MODERATOR = "moderator", "Moderator"
    PRINCIPAL_SOCIAL_WORKER = "principal_social_worker", "Principal Social Worker"
    DIRECTOR = "director", "Director of Children's Services"


@tracked()
class Service(models.Model):
    name = models.CharField(max_length=120, unique=True)
    managers = models.ManyToManyField(
        "User", blank=True, related_name="managed_services", verbose_name="service managers"
    )
    head_of_service = models.ForeignKey(
        "User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="headed_services",
    )
    # The assistant director of children's services over this service (told of every
    # Inadequate audit of its children); the deputy director sees the whole directorate.
    assistant_director = models.ForeignKey(
        "User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services_as_assistant_director",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@tracked()
class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    managers = models.ManyToManyField(
        "User", blank=True, related_name="managed_teams", verbose_name="team managers"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@tracked(exclude=NEVER_KEPT)
class User(AbstractUser):
    """A member of staff. Roles say what they do; team and management links say whose cases."""

    email = models.EmailField("email address", unique=True)
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The team this person works in. Auditors may not audit their own team's cases.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    staff_id = models.CharField(
        "staff ID",
        max_length=40,
        blank=True,
        help_text="The council's staff ID (the case system's worker ID), from the staff import.",
    )
    sign_on_id = models.CharField(
        "council sign-on ID",
        max_length=255,
        blank=True,
        editable=False,
        help_text="Who the council's sign-on says this is (Entra ID's object ID, else the "
        "subject), kept at their first council sign-in and matched on from then on.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["staff_id"],
                condition=~models.Q(staff_id=""),
                name="one_person_per_staff_id",
            ),
            models.UniqueConstraint(
                fields=["sign_on_id"],
                condition=~models.Q(sign_on_id=""),
                name="one_person_per_sign_on_id",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_codes(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    @cached_property
    def managed_team_ids(self) -> frozenset[int]:
        """The teams this person is recorded as managing (whether or not they hold the role)."""
        return frozenset(self.managed_teams.values_list("pk", flat=True))

    def has_role(self, *codes: str) -> bool:
        """True when the user holds any of the given roles."""
        return not self.role_codes.isdisjoint(codes)

    def role_labels(self) -> list[str]:
        return [RoleCode(code).label for code in RoleCode.values if code in self.role_codes]


@tracked()
class UserRole(models.Model):
    """One role held by one person; a person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=32, choices=RoleCode.choices)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_grant_per_role_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()}"


class PlanType(models.TextChoices):
    FAMILY_WELLBEING = "fwb", "Family wellbeing (early help)"
    CHILD_IN_NEED = "cin", "Child in need"
    CHILD_PROTECTION = "cp", "Child protection"
    CHILD_LOOKED_AFTER = "cla", "Child looked after"
    PATHWAY_PLAN = "pathway", "Pathway plan (care leaver)"
    STAYING_TOGETHER = "staying_together", "Staying Together"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Other"
    NOT_KNOWN = "not_known", "Not known"


class Ethnicity(models.TextChoices):
    """The Department for Education's ethnicity categories, as recorded on the case file."""

    WHITE_BRITISH = "WBRI", "White – British"
    WHITE_IRISH = "WIRI", "White – Irish"
    TRAVELLER_IRISH = "WIRT", "White – Traveller of Irish heritage"
    GYPSY_ROMA = "WROM", "White – Gypsy/Roma"
    WHITE_OTHER = "WOTH", "White – any other White background"
    MIXED_WHITE_BLACK_CARIBBEAN = "MWBC", "Mixed – White and Black Caribbean"
    MIXED_WHITE_BLACK_AFRICAN = "MWBA", "Mixed – White and Black African"
    MIXED_WHITE_ASIAN = "MWAS", "Mixed – White and Asian"
    MIXED_OTHER = "MOTH", "Mixed – any other mixed background"
    INDIAN = "AIND", "Asian or Asian British – Indian"
    PAKISTANI = "APKN", "Asian or Asian British – Pakistani"
    BANGLADESHI = "ABAN", "Asian or Asian British – Bangladeshi"
    ASIAN_OTHER = "AOTH", "Asian or Asian British – any other Asian background"
    CARIBBEAN = "BCRB", "Black or Black British – Caribbean"
    AFRICAN = "BAFR", "Black or Black British – African"
    BLACK_OTHER = "BOTH", "Black or Black British – any other Black background"
    CHINESE = "CHNE", "Chinese"
    OTHER = "OOTH", "Any other ethnic group"
    REFUSED = "REFU", "Refused"
    NOT_OBTAINED = "NOBT", "Information not yet obtained"


# A case ID is part of the child's pages' addresses (/children/<case ID>/): a "/" in one made every
# list holding the child fail. Case management systems' IDs are letters and digits.
CASE_ID = RegexValidator(
    r"^[A-Za-z0-9._-]+\Z",
    "A case ID is letters and digits (with . - or _), as the case management system gives it",
)


@tracked()
class Child(models.Model):
    """A child's case file as held in the case management system (LiquidLogic)."""

    case_id = models.CharField(
        "case ID",
        max_length=20,
        unique=True,
        help_text="The case management system's ID.",
        validators=[CASE_ID],
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=16, choices=Gender.choices)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices)
    first_language = models.CharField(max_length=60, default="English")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="children")
    allocated_worker = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="allocated_children"
    )
    staying_together_worker = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staying_together_children",
    )
    plan_type = models.CharField(max_length=20, choices=PlanType.choices)
    referral_date = models.DateField()
    is_open = models.BooleanField("open case", default=True)
    # When the case closed, from the case system's children export (or the day an export first
    # showed it closed); a closed case without a date counts as closed throughout.
    closed_on = models.DateField("date closed", null=True, blank=True)
    # Set when the retention schedule's review anonymised the record (bexley_qa/people/records.py).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "case_id"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # Open children counted by team (the services' and teams' summaries) from the index.
            models.Index(fields=["team"], condition=models.Q(is_open=True), name="child_open_team"),
            # The children search (any part of a name, the start of a case ID, in any case):
            # trigrams, so a county's children are not read one by one (pg_trgm, migration 0015).
            GinIndex(
                *(
                    OpClass(Upper(f), name="gin_trgm_ops")
                    for f in ("case_id", "first_name", "last_name")
                ),
                name="child_search",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.case_id})"

    def get_absolute_url(self) -> str:
        return reverse("people:child-detail", kwargs={"case_id": self.case_id})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class CaseSystemRecord(models.Model):
    """What the case system's DfE payloads last said of a child's social care episodes, so that a
    partial payload (only the blocks and items that changed) is read against it: each episode's
    id and dates, its workers' ids and dates, and its plans' and placements' ids and dates;
    nothing else of the payload is kept (bexley_qa/people/csc.py)."""

    child = models.OneToOneField(Child, on_delete=models.CASCADE, related_name="case_system")
    episodes = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"The case system's episodes of child {self.child_id}"


class CaseSystemPurge(models.Model):
    """The case system asked (a payload with `purge: true`) for a child's record to be removed:
    kept for PSQA to decide (bexley_qa/people/workflow.py: PURGE_WORKFLOW)."""

    Status = PurgeStatus

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="purges")
    asked_at = models.DateTimeField(default=timezone.now)
    asked_in = models.CharField("sent in", max_length=255, help_text="The file or batch.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = AnswerField("why the record is kept", blank=True, max_length=500)

    class Meta:
        ordering = ["asked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status="pending"),
                name="one_pending_purge_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"The case system's purge of child {self.child_id}: {self.get_status_display()}"

    @property
    def status_tag(self):
        return PURGE_WORKFLOW.tag(self)


# The pages of a child's records, as the record log names them (by their URL's name).
READ_PAGES = {
    "audits:detail": "the page",
    "audits:changes": "the change history",
    "audits:area": "practice area {area}",
    "audits:grade": "the grading",
    "audits:actions": "the actions",
    "audits:self-assessment": "a self-assessment",
    "audits:send-outcome": "the outcome",
    "audits:complete": "the completion",
    "audits:follow-up": "the follow-up",
    "audits:oversight-note": "the management oversight note",
    "feedback:*": "the feedback",
    "moderation:area": "practice area {area} of the moderation",
    "moderation:*": "the moderation",
    "people:child-detail": "the page",
    "people:child-record-log": "the record log",
}


class RecordView(models.Model):
    """One read of a child's record, an audit (any of its pages), its PDF, or an export: who, when,
    what and the path (never the query string, which may hold a name searched for, nor the
    content). Written once per request by ReadLogMiddleware; nobody edits it."""

    class What(models.TextChoices):
        PAGE = "page", "Page"
        PDF = "pdf", "PDF"
        EXPORT = "export", "Export (CSV)"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    what = models.CharField(max_length=10, choices=What.choices)
    path = models.CharField(max_length=300)
    child = models.ForeignKey(
        Child, on_delete=models.PROTECT, null=True, blank=True, related_name="record_views"
    )
    audit_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["child", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.path} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def in_words(self) -> str:
        """What was read, as the record log and the subject access pack say it: "Opened practice
        area 7 of audit AUD-00042", "Downloaded audit AUD-00042 as a PDF"."""
        from django.urls import Resolver404, resolve

        from bexley_qa.references import reference_of

        thing = f"audit {reference_of(self.audit_id)}" if self.audit_id else "the child's record"
        try:
            match = resolve(self.path)
        except Resolver404:  # a page since moved
            match = None
        name = match.view_name if match else ""
        if name == "people:subject-access":
            return f"Produced the subject access pack ({self.path.rsplit('.', 1)[-1].upper()})"
        if self.what == self.What.PDF:
            return f"Downloaded {thing} as a PDF"
        if self.what == self.What.EXPORT:
            return f"Exported {thing}"
        page = READ_PAGES.get(name) or READ_PAGES.get(name.split(":")[0] + ":*", "a page")
        if match and "number" in match.kwargs:  # a practice area's page
            page = page.format(area=match.kwargs["number"])
        return f"Opened {page} of {thing}"


# Who manages a team or a service decides whose children they see: their links are kept too.
for _model, _name in ((Team, "TeamManagerHistory"), (Service, "ServiceManagerHistory")):
    pghistory.track(
        pghistory.InsertEvent(),
        pghistory.DeleteEvent(),
        obj_field=None,
        model_name=_name,
        app_label="people",
    )(_model.managers.through)


class RetentionReview(models.Model):
    """A child's records past the retention schedule, for PSQA to confirm: anonymise them, or keep
    them for a stated reason until a date (a legal hold, say), when they are reviewed again."""

    Status = ReviewStatus  # its workflow: bexley_qa/people/workflow.py

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="retention_reviews")
    found_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = AnswerField("why the records are kept", blank=True, max_length=500)
    keep_until = models.DateField(null=True, blank=True)
    records_changed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["found_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=models.Q(status="pending"),
                name="one_pending_review_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Retention review of child {self.child_id}: {self.get_status_display()}"

    @property
    def status_tag(self):
        return REVIEW_WORKFLOW.tag(self)

    @property
    def is_anonymised(self) -> bool:
        return self.status == ReviewStatus.ANONYMISED

    @property
    def is_kept(self) -> bool:
        return self.status == ReviewStatus.KEPT
