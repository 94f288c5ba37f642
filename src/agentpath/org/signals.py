"""What org tells the apps above it (docs/architecture.md, "reacting upward"): org never imports them; they
connect their receivers in their AppConfig.ready()."""
from django.dispatch import Signal

# People were hired: sent once per hire (org.services.hire_employee) and once per batch of a roster import, with
# employees=[Employee, ...] already saved, inside the hire's transaction. development gives new hires their
# 90-day onboarding plan (seed 003).
employees_hired = Signal()
