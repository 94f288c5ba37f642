import pytest

from agentpath.common.errors import Conflict
from agentpath.common.models import TransitionLog
from agentpath.common.workflow import transition_under_lock
from agentpath.development.models import Idp
from tests.factories import EmployeeFactory, UserFactory


@pytest.mark.django_db
def test_a_transition_is_logged_and_a_stale_second_one_is_refused_with_409():
    idp = Idp.objects.create(employee=EmployeeFactory())
    hr = UserFactory(username="hr-flow")

    moved = transition_under_lock(Idp, idp.pk, "submit", by=hr, reason="ready")
    assert moved.state == Idp.State.SUBMITTED
    assert Idp.objects.get(pk=idp.pk).state == Idp.State.SUBMITTED

    # a second "submit" sent from a page that still shows the draft: the row says submitted now
    with pytest.raises(Conflict) as refused:
        transition_under_lock(Idp, idp.pk, "submit", by=hr)
    assert refused.value.code == "state_changed" and refused.value.status == 409
    log = list(TransitionLog.objects.filter(object_id=idp.pk).values_list("transition", "source", "target", "by"))
    assert log == [("submit", "draft", "submitted", hr.pk)]
