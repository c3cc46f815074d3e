"""bexley_qa/pdf.py: every PDF may load the app's own static files and nothing else."""

import pytest

from bexley_qa.pdf import BASE_URL, StaticOnlyFetcher


def test_the_pdf_fetcher_loads_only_static_files():
    fetcher = StaticOnlyFetcher()
    assert b"@page" in fetcher.fetch(BASE_URL + "static/pdf.css").read()
    for url in (
        "https://example.org/static/pdf.css",
        "file:///etc/passwd",
        BASE_URL + "media/secret.txt",
        BASE_URL + "static/../../etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
