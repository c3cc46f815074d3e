"""The audit's pages, one module per step of the framework (as audits/services/):
allocation (step 1), self_assessment (2), audit_form (3 and 4, with the audit page and its PDF),
actions (6) and completion (7). Section 5 (feedback) is the feedback app's.

Every view fetches the audit through `selectors.audit_for(request, pk, may=...)`: 404 when out of
scope, 403 when the rule in audits/access.py refuses what the page does.
"""
