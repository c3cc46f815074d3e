"""From Inadequate to Good: the framework's guide to what Good, Requires Improvement and Inadequate
look like, area by area, verbatim (the seed's "From Inadequate to Good"). Shown beside the grading
for auditors and moderators.

Each band's cell for an area is the tuple of the framework's separate statements (one per box of
its table), in the framework's order, in its own words: spelling, punctuation, capitalisation and
quotation marks included (e.g. "measureable", "consideration is giving to", the unclosed bracket in
Good's Review). Only the PDF's line breaks and its hyphenation at line ends are undone.

Band names are spelled as the framework's table headings spell them ("Requires Improvement look
like…"); audits.models' grade band label is "Requires improvement", so match case-insensitively.
"""

INTRO = (
    "The tables below provide an overview of the type of quality that is required to meet the "
    "categories of Good, Requires Improvement and Inadequate. This is a guide to support "
    "consistency but should not be used as a checklist of the only activity that would take "
    "place. Outstanding should be considered as a case where the standard of Good has not only be "
    "reached but surpassed."
)

GOOD = "Good"
REQUIRES_IMPROVEMENT = "Requires Improvement"
INADEQUATE = "Inadequate"

BANDS = (GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)

AREAS: tuple[tuple[str, dict[str, tuple[str, ...]]], ...] = (
    (
        "Contact / Referral",
        {
            GOOD: (
                "Contact / Referral showed clear understanding of when appropriate to refer to "
                "social care.",
                "Contact / Referral on agreed format, containing all relevant information and "
                "clarity with regard to reason for referral.",
                "Contact / Referral responded to promptly (within 24 hours) and decisions "
                "appropriate to identified need.",
                "Decision making takes accounts of previous referrals / contacts.",
                "What are we worried about: harm and complicating factors and what’s working "
                "well: strengths and safety are recorded with specific behavioural detail.",
                "Manager’s risk analysis, scaling, next steps and rationale for decision evidenced "
                "and appropriate for referral information and history.",
                "Evidence recorded on LiquidLogic to demonstrate case allocated to qualified "
                "social worker promptly and clear expectations of what is required are recorded.",
            ),
            REQUIRES_IMPROVEMENT: (
                "Contact / Referral gave enough evidence that it was appropriate to refer to "
                "social care.",
                "Contact / Referral gives some indication of areas of strength and safety for "
                "family but lacks behavioural detail.",
                "Contact / Referral on agreed format, but not all relevant information recorded.",
                "Contact / Referral acted on promptly (within 24 hours) and appropriately",
                "Indication that referrals/contacts reviewed.",
            ),
            INADEQUATE: (
                "Contact /Referral had some gaps with vital information missing or should have "
                "been made earlier.",
                "Areas of strength/safety box is left blank (it is highly unlikely that a "
                "child/family has no strengths to be noted)",
                "Consent is missing when it would be reasonable for it to have been obtained or "
                "rationale for not obtaining consent is not documented.",
                "No evidence to indicate consideration been given to previous contacts/referrals",
                "No risk analysis evident and rationale for decision making not recorded",
            ),
        },
    ),
    (
        "Basic Information",
        {
            GOOD: (
                "LL recording is contemporaneous, concise and analytical and provides sufficient "
                "detail to ensure effective safeguarding and focussed planning at all times.",
                "LL records indicate that practitioner and managers have reviewed and quality "
                "assured records.",
                "Danger statements, safety goals, and scaling are evident on file and address "
                "specific behaviours.",
                "Case recordings are written in plain, jargon free language that would enable a "
                "service user to understand their story.",
                "Files for looked after children include a recent photo.",
            ),
            REQUIRES_IMPROVEMENT: (
                "LL recording is contemporaneous, concise and sets out clear plans, which are "
                "measureable and understandable",
                "Danger statements, safety goals, and scaling are evident on file but not clear "
                "and concise addressing specific behaviours",
                "LL records provide some evidence of quality assurance activity on records",
                "Case file recording is of sufficient quality to enable the file to be easily "
                "understood by the child / young person if they were to access their file.",
            ),
            INADEQUATE: (
                "LL recording is out of date, unfocussed, and does not provide sufficiently clear "
                "information to support decision making.",
                "Danger statements, safety goals, and scaling are not recorded on file",
                "No evidence of quality assurance activity on the child’s LL records",
                "Case file recording is difficult to understand, inconsistent, or incomplete",
            ),
        },
    ),
    (
        "Assessment",
        {
            GOOD: (
                "Assessment clearly identifies strengths and areas of concern, provides a "
                "detailed analysis and includes all members of the household.",
                "Assessment is of a good quality and identifies a clear plan with relevant "
                "analysis of strengths, needs and risk.",
                "Assessments are written in plain, jargon free language that is understandable to "
                "parents / carers with explicit explanations of worries / danger, strengths and "
                "safety. Identifies whether appropriate to work as CIN/CP or NFA or FWB.",
                "Assessment includes some analysis regarding multi-agency context and this "
                "information is used to inform decision making.",
                "Child seen alone (where appropriate), spoken to and their views recorded and "
                "reflected in assessment.",
                "Assessment demonstrates a sense of the child. There is evidence of direct work "
                "undertaken with the child to ascertain what life is like for them.",
                "Diversity and disability issues addressed and support to address any challenges "
                "arising out of diversity and disability.",
                "Assessments reviewed and signed by Manager within timescales. Evidence of some "
                "quality assurance by Manager.",
                "Assessment shared with parents / carers promptly and feedback sought.",
                "Outcome of the assessment is shared with parents / carers and child / young "
                "person (appropriate to age and understanding). Feedback is sought.",
            ),
            REQUIRES_IMPROVEMENT: (
                "Assessment identifies some strengths and safety and areas of concern, analysis "
                "is limited and may not include key members of the household (including fathers "
                "and partners)",
                "Assessment identifies a plan which does not fully address risk/need.",
                "There is some consideration of family/friends network support, but this not "
                "fully explored to enlist their help and support for the child/family",
                "Assessment includes some information from other agencies",
                "Evident the child has been seen and spoken to but there is not a clear record of "
                "their lived experience, wishes and feelings, or what they say they need to feel "
                "safe",
                "Some evidence of direct work with the child including use of SoS tools (as "
                "appropriate)",
                "Assessments reviewed and signed by Manager within timescales",
                "Diversity and disability issues considered but not deeply explored",
                "Assessment uses some jargon and is not fully written with the family as the "
                "intended readers",
                "Assessment and outcome of assessment shared with parents/carers and child/young "
                "person (appropriate to age and understanding)",
            ),
            INADEQUATE: (
                "Assessment does not identify strengths and areas of concern and provides little "
                "or no analysis.",
                "Does not include all members of family.",
                "Risk to child not considered.",
                "Assessment uses jargon (i.e. developmental milestones, inappropriate behaviour, "
                "significant harm) and is not written in language that is plain and clear to "
                "parents/carers.",
                "Assessment does not outline a clear plan.",
                "Doesn’t identify if CP/CIN appropriate.",
                "No multi-agency context to referral included, despite clear indication that "
                "other agencies are involved.",
                "No evidence to suggest child seen, or where they have been seen, no evidence to "
                "suggest that they have been spoken to on their own.",
                "No evidence of diversity or disability issues having been considered.",
                "Assessments not signed off by Manager.",
                "Assessment not shared with family.",
                "Assessment outcome not shared with family.",
            ),
        },
    ),
    (
        "Planning",
        {
            GOOD: (
                "There is evidence to show that the Plan is making a positive difference to the "
                "child’s life.",
                "The plan shows evidence of a good understanding of the child’s needs and how "
                "these will be met, within clear timescales.",
                "The plan clearly outlines the day to day actions that parents and carers will "
                "undertake to ensure the child’s safety and wellbeing (and is not a list of "
                "services to attend).",
                "There is strong evidence of the child and family involvement in the development "
                "of the plan. This should include family network meetings; outlining family and "
                "friend support with specific actions for supporting the child’s safety and "
                "wellbeing.",
                "The plan is progressing and meeting the child’s needs. Where there is evidence "
                "the plan is not meeting the child’s needs, the reasons for this are explored and "
                "changes made if needed.",
                "The case file recording tells the child’s story and evidences progress.",
            ),
            REQUIRES_IMPROVEMENT: (
                "An up-to-date Care plan is in place (including a PEP, health plan, placement "
                "plan and permanency plan for looked after children), setting out the child/YP’s "
                "needs and how they will be met.",
                "The plan is reviewed regularly and within statutory timescales.",
                "The plan is more focused on tasks and services rather than “who, within the "
                "family and friends network, will do what in the children’s day to day life to "
                "keep them safe and well”",
                "There is some consideration of family/friends network support, but this is not "
                "fully explored to enlist their help and support for the child/family",
                "There is evidence to show that the child/ YP, their parents/family, and carers "
                "have been provided with a copy of the care plan.",
                "Recording indicates that the plan is having some positive impact on the child "
                "and family; consideration is giving to amending the plan to better meet the "
                "child’s needs",
                "Social worker has visited in accordance with procedure/ statutory timescales and "
                "there is evidence that the child / YP has been seen on their own",
                "Case file recording meets required standards.",
                "Pathway plan (where appropriate) is in place",
            ),
            INADEQUATE: (
                "There is no up-to-date care plan – including the absence of any of the "
                "following (PEP, Health Plan, Placement Plan, Permanency Plan (from 2nd LAC "
                "review)",
                "The plan is a list of tasks to complete and places to go rather than a plan of "
                "who will do what in the child’s day to day life to help them be safe and well",
                "Family network meetings have not taken place as part of assessment or planning",
                "The plan has not been reviewed despite this being required.",
                "Where required, there is no evidence of a pathway plan.",
                "There is no evidence of the child/ YP, their family, or network (when "
                "appropriate) being involved in planning and/or decision-making",
                "The plan is drifting and not being progressed",
                "There is no or insufficient evidence to demonstrate that the child / YP is being "
                "visited.",
                "Recording on LL case file is limited/ absent with respect to key issues, "
                "including visits to the child",
            ),
        },
    ),
    (
        "Review",
        {
            GOOD: (
                "Plan (Child in Need, Child Protection, Looked After Children has been reviewed "
                "in accordance with statutory/ procedural requirements and is responsive to the "
                "child/YP’s changing needs.",
                "Reviews are convened to allow maximum attendance of family and professionals. "
                "Where this is not appropriate, views sought and feedback is given regularly.",
                "Children are actively involved where they have the ability to do so, including "
                "attending meetings or chairing their own reviews.",
                "Records of reviews are comprehensive and provide detailed analysis of the issues "
                "and actions that are required to meet outcomes, including timescales.",
                "Chronology is up to date and analytical. It shows all key points in the child’s "
                "/ YP’s life and is easy to follow.",
            ),
            REQUIRES_IMPROVEMENT: (
                "Plan (CIN, CP or Looked After) have been reviewed in accordance with "
                "statutory/procedural requirements",
                "Parents/carers/child/YP and professionals are invited to reviews.",
                "Review meetings are focussed on the child/YP’s needs",
                "Records of reviews are in place, setting out key information, including "
                "recommendations and some actions",
                "Chronology is evident and has been kept up to date, some events are not clear "
                "and have been pasted in",
            ),
            INADEQUATE: (
                "Plan (CIN, CP or looked after) has not been reviewed in accordance with "
                "Statutory/ procedural requirements",
                "Key family members / child / YP or professionals are sometimes not invited to "
                "review meetings.",
                "Review meetings are not meeting the child’s needs and do not act to encourage "
                "the child/YP’s engagement",
                "Review records are insufficiently detailed to enable clear planning and action",
                "Safety plan is not reviewed on each visit to ensure it is being enacted to meet "
                "the child’s need for safety or is not revised if not meeting the need (after "
                "exploring issues of what is getting in the way)",
                "Chronology is non-existent or contains cut and pasted records that are not "
                "relevant to the purpose of the chronology",
            ),
        },
    ),
    (
        "Management Oversight",
        {
            GOOD: (
                "Supervision has been taking place in accordance with supervision policy and is "
                "responsive to social worker’s needs.",
                "Supervision is reflective, analytical and evidences issues which have been "
                "raised. It sets clear parameters regarding required actions, contingencies, and "
                "outstanding work, addressing timescales effectively.",
                "Supervision reviews actions of previous supervision and these are completed.",
                "Records up to date and fit for purpose.",
                "There is evidence of reflective tools such as appreciative inquiry or case "
                "mapping.",
            ),
            REQUIRES_IMPROVEMENT: (
                "Supervision has been taking place in accordance with supervision policy",
                "There is some evidence of using Signs of Safety (i.e. three columns) but not an "
                "in-depth analysis using the framework",
                "Supervision decisions are recorded on the child’s electronic file but limited "
                "evidence of reflection and evaluation of work carried out.",
                "Records mostly up to date and fit for purpose",
                "Supervision reviews actions of previous supervision but there is limited "
                "evidence to suggest that this has prevented drift.",
                "There is evidence the plan is being reviewed, but effectiveness and impact not "
                "fully explored.",
            ),
            INADEQUATE: (
                "Supervision has not been taking place in accordance with supervision policy.",
                "Supervision records do not provide outline of decision making, have no evidence "
                "of reflection or analysis and/or fail to address concerns.",
                "Supervision has not been effective in ensuring referrals and actions are "
                "effectively progressed.",
                "Lack of recorded QA activity.",
                "Supervision does not include the principles of Signs of Safety nor is there an "
                "expectation of work being undertaken within the framework, including SoS tools "
                "(as appropriate to each child/family)",
                "Safety/risk, harm/danger, and day to day safety not clearly reviewed/recorded",
                "Supervision is directive only and does not use appreciative inquiry and solution "
                "focused questioning",
            ),
        },
    ),
)
