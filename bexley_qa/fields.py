"""Model fields every app shares."""

from django.core.validators import MaxLengthValidator
from django.db import models

# Long enough for a considered answer (about 300 words), short enough that no record can make a
# page or its PDF slow: every free-text answer is held to it, whatever writes it.
ANSWER_MAX_LENGTH = 2000


class AnswerField(models.TextField):
    """Free text a person types into the record, no longer than ANSWER_MAX_LENGTH characters:
    checked by full_clean (every service calls it) and shown to forms as the field's limit."""

    def __init__(self, *args, max_length: int = ANSWER_MAX_LENGTH, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))
