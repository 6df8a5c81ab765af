# Empowerment Planner's container image: the one image runs the web process, each Celery worker, beat and the
# migrations (docker-compose.yml names the command of each). Installed from the hashed runtime lock, as `make` does.
# Build: docker build -t empowerment-planner .
FROM python:3.11.7-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; the fonts are the ones the PDF is tested with (docs/deployment.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 empowerment \
    && useradd --system --uid 10001 --gid empowerment --home-dir /var/lib/empowerment --create-home empowerment

WORKDIR /opt/empowerment
COPY requirements.lock ./
RUN python -m pip install pip==26.3 \
    && python -m pip install --require-hashes -r requirements.lock

COPY . .
# Translations compiled and static files collected at build time (whitenoise serves them with hashed names); the
# build needs a key and a database URL to load the settings, not to use them.
RUN pybabel compile --domain django --directory locale \
    && DJANGO_SECRET_KEY=image-build DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py collectstatic --noinput --verbosity 0 \
    && rm -f /tmp/build.sqlite3

USER empowerment
ENV HOME=/var/lib/empowerment GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
CMD ["gunicorn", "empowerment.wsgi", "-c", "gunicorn.conf.py"]
