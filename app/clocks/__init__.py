"""The SLA kernel: working calendars (S2), clock arithmetic and the replay of a history into
clocks (S6, S7). It knows no ticket row: callers hand it events and the statuses that pause."""
