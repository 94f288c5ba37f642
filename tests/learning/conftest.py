import pytest

from agentpath.learning.catalogue import load_training_catalogue


@pytest.fixture
def catalogue(framework):
    """The training catalogue of seed 002 (programs and stages) on top of the default framework."""
    load_training_catalogue()
