# One image for every part of Halte: web (the default command), task workers, the push
# drainer, the mail receiver and the periodic commands (see docs/deploy.md, compose.yaml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=halte.settings.production \
    HALTE_VAR_DIR=/var/lib/halte \
    HALTE_STATIC_ROOT=/opt/halte/static \
    HOST=0.0.0.0 \
    PORT=8000

# psycopg's binary wheel brings its own libpq: no system packages needed.
RUN useradd --system --create-home --home-dir /opt/halte --uid 10001 halte \
    && mkdir -p /var/lib/halte/media \
    && chown -R halte /var/lib/halte

WORKDIR /opt/halte/app
COPY --chown=halte pyproject.toml constraints.txt README.md ./
COPY --chown=halte src ./src
COPY --chown=halte scripts ./scripts
RUN python -m venv /opt/halte/venv \
    && /opt/halte/venv/bin/pip install -c constraints.txt . \
    && chown -R halte /opt/halte

USER halte
ENV PATH=/opt/halte/venv/bin:$PATH PYTHON=/opt/halte/venv/bin/python
# Static files are part of the image: hashed names, gzip and brotli copies, built once.
# The settings demand secrets at import; throw-away ones are enough to collect files.
RUN HALTE_SECRET_KEY="collectstatic-only-$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    HALTE_ANYMAIL_WEBHOOK_SECRET=build:build DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python -m halte collectstatic --noinput -v0 \
    && rm -f /tmp/build.sqlite3

VOLUME ["/var/lib/halte"]
EXPOSE 8000
# scripts/serve.sh migrates (unless HALTE_SKIP_MIGRATE=1), makes the cache table, collects
# static files (already there: quick) and execs gunicorn.
CMD ["scripts/serve.sh"]
