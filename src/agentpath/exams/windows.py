"""Exam time shared by the taking services, the session keeper and the review rules."""
import datetime

# Saves and submissions still in flight when the clock runs out are accepted this long after the deadline.
GRACE = datetime.timedelta(seconds=30)
