FROM debian:12
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
RUN apt-get update
FROM debian:12
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
