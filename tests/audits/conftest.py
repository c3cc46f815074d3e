"""An audit of Amy's case (Alice's, in Tom's Assessment team) allocated to Tariq, who manages the
Care team in the other service. Bella (business support) allocated it."""

import pytest

from audits import services
from audits.models import AreaScore
from audits.practice_areas import PRACTICE_AREAS


@pytest.fixture
def audit(org):
    return services.audit_allocate(actor=org.bella, child=org.amy, auditor=org.tariq)


@pytest.fixture
def fully_scored(audit, org):
    """Every practice area scored 5 (a complete audit form, ready to grade)."""
    AreaScore.objects.bulk_create(
        [
            AreaScore(
                audit=audit,
                area=a.number,
                score=5,
                worked_well=f"Strength {a.number}",
                updated_by=org.tariq,
            )
            for a in PRACTICE_AREAS
        ]
    )
    return audit
