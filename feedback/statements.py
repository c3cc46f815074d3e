"""Section 5's questions, verbatim from the form (Appendix a).

The nine family statements come from the King's College London Signs of Safety evaluation; they
are stored by number, so answers from audits and from the annual parent/carer survey can be
compared over time.
"""

CHILD_QUESTIONS = (
    ("knows_worker_name", "Do you know the name of the worker who is working with your family?"),
    ("how_often_seen", "How often do you see him/her?"),
    ("knows_why", "Do you know why the worker is trying to help you?"),
    (
        "difference_made",
        "What difference has your worker made in helping you and the people who are important to you?",
    ),
    ("likes_about_worker", "What do you like about your worker?"),
    ("could_do_better", "Are there things your worker could do better?"),
    ("how_helpful", "How helpful were we to the people who are important to you?"),
    ("how_much_safer", "How much better supported or safer do you feel now?"),
)

FAMILY_STATEMENTS = (
    (1, "My worker listens to me in a way that shows they want to really understand my family."),
    (2, "My worker does what they say they will do."),
    (
        3,
        "My worker notices what’s working well in my family regarding the care, safety and wellbeing of my child/ren.",
    ),
    (
        4,
        "My worker has been clear with me about how they see the concerns about my family situation.",
    ),
    (5, "My worker and I agree on what we are concerned about."),
    (6, "I have felt involved in making plans about what to do."),
    (
        7,
        "My worker has spent time with my child/ren and has listened to what they say about the problems and what should happen.",
    ),
    (8, "My worker has made sure my child/ren fully understood what’s being done to help them."),
    (9, "My worker cares that we solve our problems."),
)
# What a chart's axis calls each statement (the full wording is in the table beside it).
STATEMENT_SHORT_NAMES = {
    1: "Listens to understand us",
    2: "Does what they say",
    3: "Notices what works well",
    4: "Clear about the concerns",
    5: "We agree on the concerns",
    6: "Involved in the plans",
    7: "Time with my children",
    8: "Children understood",
    9: "Cares we solve problems",
}
STATEMENT_SCALE = "0 = Strongly disagree … 10 = Strongly agree"
ONE_THING = "If you could change one things about how our work with you, what would it be?"
ANYTHING_ELSE = "Finally, is there anything else you would like to tell us?"
OPEN_QUESTIONS = (
    ("going_well", "What is going well?"),
    ("could_be_different", "What could be done differently?"),
    ("made_a_difference", "What has made a difference?"),
)

# The survey as the framework runs it (3.1.1), verbatim: shown to PSQA on each call.
SURVEY_CALL_SCRIPT = (
    "PSQA calls parent/carer to ask if they would be willing to take part in the survey.",
    "The survey focuses on the parent/carer’s experience of working with their worker. It does "
    "not request any personal details pertaining to the family or the worker.",
    "The parent/carer can decline to take part at any stage.",
)
SURVEY_CONSENT = (
    "a hard copy of the survey, along with an explanation of its purpose is first handed to "
    "parent/carer’s by their worker to give them time to make an informed decision as to whether "
    "they would like to take part prior to receiving a call from a member of the PSQA Service."
)
