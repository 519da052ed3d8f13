"""The duties' web pages, by topic: the calendar and the occurrences, the overview and the units behind, the
rule table, the duty reports, the list of responsibilities and its delivery, the contracts."""
