"""The inbox: what was decided about a person, delivered to the people it concerns (issue 19, issue 20)."""
