from django import forms

from bexley_qa.forms import form_helper
from bexley_qa.importing import Import


class ImportFileForm(forms.Form):
    file = forms.FileField(
        error_messages={
            "required": "Choose the file to upload",
            "empty": "The file is empty",
        },
    )

    def __init__(self, *args, declared: Import, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = declared.file_label
        self.fields["file"].help_text = declared.file_hint
        self.fields["file"].error_messages["required"] = (
            f"Choose the {declared.file_label.lower()} to upload"
        )
        self.helper = form_helper("file", submit="Upload and check")
