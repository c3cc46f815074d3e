import csv
import io

import pytest

MEASURE_HEADER = ["Case ID", "Measure", "Date completed"]
CHILD_HEADER = [
    "Case ID", "First name", "Last name", "Date of birth", "Gender", "Ethnicity", "First language",
    "Team", "Allocated worker", "Staying Together worker", "Plan type", "Referral date", "Status",
    "Closed date",
]  # fmt: skip


def csv_bytes(rows, header) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture
def upload(client_for):
    """Post an export to the upload page as `user`; returns the response."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(user, kind, content, name=None):
        return client_for(user).post(
            f"/imports/{kind}/", {"file": SimpleUploadedFile(name or f"{kind}.csv", content)}
        )

    return post
