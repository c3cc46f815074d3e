# The production image: gunicorn for the web, the same image for the Celery worker and beat.
FROM python:3.12-slim-bookworm

# WeasyPrint renders PDFs with Pango; fonts give it something to draw with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_MANIFEST=True STATE_DIR=/tmp/state
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -e . \
    && DEBUG=False SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && useradd --system --home /app app \
    && chown -R app /app/staticfiles
USER app
EXPOSE 8000
# Twelve threads a worker: four run at once (SERVER_CONCURRENCY), the others wait their turn and
# past SHED_AFTER_SECONDS are answered "busy" (bexley_qa/middleware.py), not queued without limit.
CMD ["gunicorn", "bexley_qa.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "12", "--access-logfile", "-", "--access-logformat", "%(h)s %(t)s \"%(m)s %(U)s %(H)s\" %(s)s %(b)s %(M)sms %({x-request-id}o)s"]
