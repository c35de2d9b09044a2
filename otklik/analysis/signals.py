"""Signals of the analysis, for apps that keep something derived from its results (the search index)."""

from django.dispatch import Signal

# Sent inside the transaction that stores the results, with `ids`: the primary keys of the analysed records.
feedback_analysed = Signal()
