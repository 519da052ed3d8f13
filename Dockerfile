# Anjian's image for docker-compose.yml: the same `anjian serve` and `anjian worker` as the systemd units
# (docs/deploy.md). Built from the repository with the pinned versions of requirements.lock.
FROM python:3.11-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /srv/anjian
COPY . .
RUN pip install --no-cache-dir -c requirements.lock . && useradd --system --home /srv/anjian anjian \
    && mkdir -p /srv/anjian/var && chown anjian: /srv/anjian/var
USER anjian
ENV ANJIAN_DATA_DIR=/srv/anjian/var
EXPOSE 8001
CMD ["anjian", "serve", "0.0.0.0:8001"]
