# The site's image, built once: dependencies, code, compiled catalogues and collected static
# files are inside; nothing is installed when a container starts. compose.yaml runs it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    MEDIA_ROOT=/app/media

# pg_dump and pg_restore for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 site

WORKDIR /app

# The pinned dependencies first, in a layer of their own: a change to the code does not
# reinstall them.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install -c constraints.txt -r requirements.txt

COPY . .
# Static files are collected at build time (production settings need these three values to
# load; these are placeholders used by this step only, never by a running container).
RUN SECRET_KEY=build-only WAGTAILADMIN_BASE_URL=http://build.invalid EDITORS_EMAIL=build@build.invalid \
    python manage.py collectstatic --no-input -v0 \
    && mkdir -p /app/media && chown -R site:site /app/media

USER site
EXPOSE 8000
# Migrations, roles and content are the start command's (compose.yaml); the default serves.
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
