FROM python:3.12-slim AS base
FROM base
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
# expect final-stage-toolchain 3
