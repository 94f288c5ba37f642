"""Routes of the portal's pages that live under another app's address (and URL namespace)."""
from django.urls import path

from .views_files import employee_detail

# A person's three files stay at /people/<no>/ as "org:employee-detail": the project's urls.py appends these to
# org's routes (last: the pattern takes any name under /people/).
people_patterns = [
    path("<str:employee_no>/", employee_detail, name="employee-detail"),
]
