"""How people name an audit: AUD- and its number (AUD-00042), on its page, the lists, its PDF,
emails and the record log. It is the record's number, so it can never disagree with it."""

AUDIT_PREFIX = "AUD-"


def reference_of(pk: int) -> str:
    return f"{AUDIT_PREFIX}{pk:05d}"


def pk_of_reference(text: str) -> int | None:
    """The audit a typed reference names: "AUD-00042", "aud 42", "AUD42"; None if it is not one
    (a bare number is a case ID, not a reference)."""
    words = "".join(text.split()).upper().replace("-", "")
    prefix = AUDIT_PREFIX.rstrip("-")
    if words.startswith(prefix) and words[len(prefix) :].isdigit():
        return int(words[len(prefix) :])
    return None
