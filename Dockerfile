# One image for web, worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint needs Pango; the packs print in Liberation Sans (Arial's metrics), DejaVu
# covers any other glyph; PostgreSQL's client tools back up and check restores
# (scripts/backup_restore_check.sh).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fonts-liberation2 fonts-dejavu-core postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 csp
WORKDIR /app
COPY pyproject.toml README.md ./
COPY csp_portal ./csp_portal
COPY boards ./boards
COPY actions ./actions
COPY indicators ./indicators
COPY subgroups ./subgroups
RUN pip install .
COPY . .
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && mkdir -p /app/var/media && chown -R csp:csp /app/var
USER csp
EXPOSE 8000
CMD ["gunicorn", "csp_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
