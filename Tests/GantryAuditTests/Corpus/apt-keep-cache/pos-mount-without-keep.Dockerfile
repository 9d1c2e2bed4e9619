FROM ubuntu:24.04
RUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt \
    apt-get update && apt-get install -y --no-install-recommends git
# expect apt-keep-cache 2
