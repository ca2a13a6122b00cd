from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Signs people in with their username and password.

    Django's model permissions (granted in the admin) count only for staff accounts, that is in
    the admin; the portal's own pages answer to the rules in each app's ``permissions.py``, so a
    group given a model permission by mistake gains nothing on them.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
