# Image for the partnership portal: the same image runs the web server (the default command),
# the Celery worker, Celery beat and one-off management commands (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's system libraries (Pango, HarfBuzz, libffi) and a font for the PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libffi8 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 portal \
    && useradd --system --uid 1000 --gid portal --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin portal

# Dependencies first, so that a change to the code alone does not reinstall them. They come
# from the lock alone (exact versions, checked by hash; scripts/lock.sh refreshes it), without
# the test tools. The code runs from /app: the project installs no package of its own.
COPY requirements.lock /tmp/requirements.lock
RUN pip install --require-hashes --no-deps -r /tmp/requirements.lock && rm /tmp/requirements.lock

WORKDIR /app
# The code stays owned by root and read-only to the portal user; only /data is writable.
COPY . /app

ENV DJANGO_SETTINGS_MODULE=portal.settings \
    PORTAL_VAR_DIR=/data/var \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/app/staticfiles \
    STATIC_MANIFEST=1 \
    WHITENOISE_USE_FINDERS=0 \
    WEB_CONCURRENCY=3

# The key below exists only for this build step; it is not in the image's environment.
RUN SECRET_KEY=build-only-not-a-secret DEBUG=0 python manage.py collectstatic --noinput \
    && rm -rf /data/var \
    && mkdir -p /data/media /data/var \
    && chown -R portal:portal /data

USER portal
EXPOSE 8000

# Gunicorn reads its worker count from WEB_CONCURRENCY (3 unless set).
CMD ["gunicorn", "portal.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--max-requests", "1000", "--max-requests-jitter", "100", \
     "--access-logfile", "-", "--error-logfile", "-"]
