"""The 19 practice areas of the collaborative case audit form (Appendix a, Sections 3 and 4).

Statements and suggested scaling questions are the form's own words, verbatim (its spelling
included). Scores are stored against the area number, so the wording here may be revised under a
new FORM_VERSION without rewriting past audits.
"""

from dataclasses import dataclass
from enum import StrEnum

FORM_VERSION = "Bexley collaborative case audit, Appendix a"

# The form's six sections, as it heads them (verbatim; Section 6 as the form spells it).
SECTIONS = {
    1: "Section 1: Case demographics",
    2: "Section 2: Practitioner preparation (to be undertaken prior to meeting with auditor)",
    3: "Section 3: Case file health check",
    4: "Section 4: Areas of practice (must be completed with the practitioner/s)",
    5: "Section 5: Feedback",
    6: "Section 6: Audit Outcome",
}


class AreaKind(StrEnum):
    HEALTH_CHECK = "health check"  # Section 3: the auditor, before the meeting
    COLLABORATIVE = "collaborative"  # Section 4: scaled with the practitioner(s)
    OVERSIGHT = "oversight"  # area 19: the auditor's rating of management oversight


@dataclass(frozen=True)
class PracticeArea:
    number: int
    kind: AreaKind
    statement: str
    scaling_question: str = ""

    @property
    def short_title(self) -> str:
        """A few words for links and tables; the statement itself is the form's words."""
        return SHORT_TITLES[self.number]

    @property
    def section(self) -> int:
        return 3 if self.kind == AreaKind.HEALTH_CHECK else 4

    @property
    def scale_label(self) -> str:
        return "Collaborative scale" if self.kind == AreaKind.COLLABORATIVE else "Auditor rating"

    @property
    def has_signs_of_impact(self) -> bool:
        return self.kind != AreaKind.HEALTH_CHECK

    @property
    def has_rationale(self) -> bool:
        return self.kind == AreaKind.COLLABORATIVE


# Our shorthand for each area, for links, tables and charts (the SPEC's list of the 19 areas).
SHORT_TITLES = {
    1: "Demographic information accurate",
    2: "Case summary up to date",
    3: "Chronology",
    4: "Quality of written records",
    5: "Family have a copy of the plan",
    6: "Clear purpose",
    7: "Danger statements, safety goals and plan clear",
    8: "Worries understood by everybody",
    9: "The plan is clear: who does what and when",
    10: "Parent or carer involved in the plan",
    11: "Family support network participating",
    12: "A version of the plan for the child",
    13: "Quality of direct work with the child",
    14: "The child's home is safe, secure and stable",
    15: "Safety over time",
    16: "Next steps clear and right",
    17: "Critical thinking and analysis",
    18: "Professionals clear about their role",
    19: "Management oversight",
}


def _area(number, kind, statement, scaling_question=""):
    return PracticeArea(
        number, kind, " ".join(statement.split()), " ".join(scaling_question.split())
    )


HC, CO = AreaKind.HEALTH_CHECK, AreaKind.COLLABORATIVE

PRACTICE_AREAS: tuple[PracticeArea, ...] = (
    _area(1, HC, """Is all the demographic information accurate and up to date? (including
        professional involvements)"""),
    _area(2, HC, """Case summary is up to date, giving a clear picture of what life is like for the
        child / young person / young adult."""),
    _area(3, HC, "Chronology includes relevant information of significant events."),
    _area(4, HC, """Overall quality of the written records (case note, reports, statements, also
        Staying Together Family Plan and closure statement)."""),
    _area(5, HC, "The family have a copy of the plan"),
    _area(6, CO, """Clear purpose for the work is evident within the case record. Parent/carer and
        child/young person/young adult are aware of the purpose.""",
        """On a scale of 0 to 10 where 10 means if I asked the family or child/young person/young
        adult they would talk about a shared purpose with us and 0 means they would share an
        opposing purpose. Where would you rate this?"""),
    _area(7, CO, """Danger Statements/Safety Goals & Child in Need Safety Plan / Child Protection
        Safety Plan / FWB Safety Plan / Staying Together Safety Plan / Children in our care Safety
        Plan are clear to the child and family.""",
        """Rate the written documents on a scale of 0 to 10 where 10 means the documents share
        specific behavioural detail with descriptions of the actual behaviour, observation and who
        observed. And 0 means the language is very general and relates to jargon such as ‘violent
        incidents’, ‘neglect’ ‘poor attachment’ ‘mentally ill’ ‘loving’ ‘good contact’ ‘comes to
        appointments’ etc. with no supporting detail of the adult behaviour and its impact on the
        child/young person/young adult?"""),
    _area(8, CO, "The worries described are understood by everybody.",
        """On a scale of 0 to 10 where 10 means the safety scale has been crafted to fit the detail
        of the particular situation and clearly connects the danger statement and safety goal and
        this is understood by everyone even if they don’t all fully agree and 0 means the safety
        scale is just the standard one and the danger statement and safety goal are
        underdeveloped, use jargon and are unclear where do you rate this today?"""),
    _area(9, CO, """The plan (FWB/CIN/CP/CLA/PP) is clear and describes who will do what and when to
        keep the child/young person/young adult safe specific to the danger/worry and
        safety/wellbeing goals / family plan (or equivalent).""",
        """On a scale of 0–10 where 10 means there is clear evidence that the professionals have a
        good working relationship that is focus on their strengths and are able to share the
        worries that have to be addressed with the child/young person/young adult, parents and
        support people, and 0 is I doubt we’re relating to them in any way that is involving them
        where would you scale the working relationship?"""),
    _area(10, CO, """The parent/carer is involved in the development and progress of the plan
        and/or assessment and has a copy?""",
        """If we showed the written documents (assessments & plans) to the family or most important
        person supporting the child/young person/young adult and were to ask them where would they
        rate the documents from 10 we may not agree with everything about this but we understand
        it and 0 is I know it’s about us but I can’t understand any of what’s in the documents,
        where would that person rate the written documents?"""),
    _area(11, CO, """The family support network has been identified and is fully participating in
        the plan - All naturally connected people involved are relevant to the child / young
        person/ young adult and are listed with their relationship and their involvement with them
        is clear.""",
        """On a scale of 0 to 10 where 10 is we’ve done everything we can think of to find all
        relevant extended family, including on the father’s side and people who have a natural
        connection to the child/young person/young adult and 0 is we may have asked once or twice
        but really haven’t followed through, where would you rate this?"""),
    _area(12, CO, """A version of the plan in collaboration with the child/young person/young adult
        and they have a copy they can understand.""",
        """On a scale of 0-10 where 10 means we’ve worked with and involved the child/young
        person/young adult in every way possible to complete the safety plan and they would say
        they understand what’s happening and have been involved throughout and 0 means they know
        they have a worker but they couldn’t say why they have a plan and for what purpose where
        do you think they would rate the practice in this case?"""),
    _area(13, CO, "Quality of the direct work with the child/young person/young adult during the visits.",
        """On a scale of 0 to 10 where 10 means we’ve worked with and involved the child/young
        person/young adult in every way possible throughout the case and they would say they
        understand what’s happening and have been involved throughout and 0 means they know
        children’s services has been involved but they couldn’t say why or for what purpose where
        do you think they would rate the practice in this case?"""),
    _area(14, CO, "The place where the child/young person/young adult lives is safe, secure and stable.",
        """On a scale of 0 to 10 where 10 is this child/young person/young adult lives someone
        where they would say they feels safe, with adults if they are not a birth parent or
        relative who are sensitive, consistent, reliable and knows them well and 0 is this
        child/young person/young adult has no stability, is frequently being moved either by a
        parent or through the care system, different adults frequently come in and out of their
        lives."""),
    _area(15, CO, "Is there evidence that there is safety over time as expressed in the safety plan?",
        """If I was to ask the parents (the strongest person on the support network, the
        professional with the best connection to the family) on a scale of 0 to 10 to rate the
        safety plan from 10 which means this plan makes complete sense to me, we can and will do
        it and it will make sure and show everyone the child/young person/young adult is/are safe
        and 0 is this plan makes no sense to me and I/the parents will say they and we will do it
        but really we’re just saying that because they/we feel we have to and none of it will
        happen where would they rate this plan?"""),
    _area(16, CO, """The next steps are clear and the right thing to do to keep this child/young
        person/young adult safe (and at home) and there is evidence to support this.""",
        """If the (child/young person/young adult, mother, father, grandmother, uncle, older
        sister, most important person supporting the child/young person/ young adult,
        parent/carer) looked at the safety scale where would they rate it from 10 they would say I
        ‘get it’ and that's going to help all of us know where we stand in what we’re doing and
        with Children’s Services and 0 this makes no sense to me where would they rate it?"""),
    _area(17, CO, "There is clear critical thinking and analysis throughout the process.",
        """On a scale of 0 to 10 where 10 means I have been able to show my workings out and this
        is seen in plans, assessments, contacts and visits. It is clear and decisions are
        attributable to specific behavioural detail such as within the danger statement and safety
        goal and these are clearly connected by a safety scale and 0 means there is little or no
        analysis, the safety scale is just the standard one and the language is very general and
        the plan is really a list of services which although may be important are not linked to
        what behaviour by the parent it is seeking to address. Where would you scale today?"""),
    _area(18, CO, "All key professionals are clear about their role in contributing and supporting the plan.",
        """On a scale of 0 to 10 where 10 means we’ve created a network of support by working with
        and involving everyone possible to support the child/young person/young adult and the
        professionals working with them, would feel that they play a valued part of the plan to
        keep this child/young person/young adult safe and developing well and 0 means they know
        that the child/young person/young adult has an allocated worker but they couldn’t say why
        they know they have a plan and for what purpose but don’t play a part in it, where do you
        think they would rate the practice in this case?"""),
    _area(19, AreaKind.OVERSIGHT, "Overall quality of management oversight"),
)  # fmt: skip

AREAS_BY_NUMBER = {area.number: area for area in PRACTICE_AREAS}
AREA_COUNT = len(PRACTICE_AREAS)
HEALTH_CHECK_AREAS = tuple(a for a in PRACTICE_AREAS if a.kind == AreaKind.HEALTH_CHECK)
SECTION_4_AREAS = tuple(a for a in PRACTICE_AREAS if a.kind != AreaKind.HEALTH_CHECK)


def area(number: int) -> PracticeArea:
    """The practice area with this number; KeyError for any other."""
    return AREAS_BY_NUMBER[number]
