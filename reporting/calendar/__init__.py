"""The QA calendar: the framework's "calendar of quality assurance activity" for one person, as a
page and as an iCalendar feed at a secret address they can revoke."""
