"""Sign-in backend: an account whose employee has left the company no longer signs in, and its open sessions end
(Django asks the backend again on every request through get_user)."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def account_in_service(user) -> bool:
    """The one rule: an active account whose employee record (if any) has not exited. (The employee's model is
    reached through the relation: accounts sits below org and never imports it.)"""
    if not user.is_active:
        return False
    return user.employee_id is None or user.employee.status != user.employee.Status.EXITED


class InServiceBackend(ModelBackend):
    def user_can_authenticate(self, user):
        return account_in_service(user)

    def get_user(self, user_id):
        # The employee comes with the user: the in-service check costs no query of its own on each request.
        try:
            user = get_user_model()._default_manager.select_related("employee").get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
