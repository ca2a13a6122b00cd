import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

application = get_wsgi_application()


def _refuse_the_development_key() -> None:
    from django.conf import settings

    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        # Sessions and password-reset links signed with a published key could be forged.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value before serving the portal "
            "with DEBUG off (or set DEBUG=1 on a developer's machine)."
        )


_refuse_the_development_key()
