"""DRF's rate limits, counted in the default cache (settings.CACHES), reading their rates from
settings.REST_FRAMEWORK at each request rather than once at import, so a deployment's (or a
test's) rates apply as set."""

from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettings:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(RatesFromSettings, throttling.UserRateThrottle):
    pass
