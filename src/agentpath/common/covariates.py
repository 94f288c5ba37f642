"""Person facts as of a day that an app provides for another app that may not import it (issue 21): the flight-risk
model (analytics) reads badges (recognition), and the two are siblings. The providing app registers its fact in its
AppConfig.ready(); the reading app iterates what is registered. Each provider is set-based: it answers for a whole
landmark at once, never per person."""
import datetime
from collections.abc import Callable
from dataclasses import dataclass

# the landmark day -> {employee id: value as of that day}, for everyone who has one (one query); a person left out
# of the answer has the provider's `absent` value (e.g. 0 badges), or no value at all when `absent` is None.
Provider = Callable[[datetime.date], dict[int, float]]


@dataclass(frozen=True)
class Covariate:
    name: str
    label: str  # a lazy translation: shown in the hazard-ratio table
    values: Provider
    absent: float | None = 0.0


REGISTRY: dict[str, Covariate] = {}


def register(name: str, label, values: Provider, *, absent: float | None = 0.0) -> None:
    """Register (or replace, on a second ready()) the person fact `name`."""
    REGISTRY[name] = Covariate(name, label, values, absent)


def registered() -> list[Covariate]:
    return [REGISTRY[name] for name in sorted(REGISTRY)]
