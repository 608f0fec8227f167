# One image for every role: web (gunicorn), the workers (extraction; matching) and beat (celery).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    VERIFY_VAR_DIR=/app/var

RUN apt-get update \
 && apt-get install -y --no-install-recommends libxml2 libxslt1.1 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 verify

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY verify ./verify
COPY claims ./claims
RUN pip install .
COPY --chown=verify:verify . .
RUN mkdir -p /app/var/matching /app/var/media && chown -R verify:verify /app/var \
 && DEBUG=1 python manage.py collectstatic --noinput

USER verify
EXPOSE 8000
CMD ["gunicorn", "verify.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
