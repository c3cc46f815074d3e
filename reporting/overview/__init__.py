"""The Director of Children's Services' overview: this month against the last twelve on one
screen, each figure linked to the page that explains it; offered to the deputy director and PSQA
for the directorate and to assistant directors for their services; and its monthly PDF, kept and
emailed to the senior leadership team for the framework's Week 2 review."""
