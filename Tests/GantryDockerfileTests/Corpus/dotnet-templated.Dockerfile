ARG REPO=mcr.microsoft.com/dotnet/runtime-deps
ARG REPO
ARG DOTNET_VERSION=8.0.6
ARG TAG=${DOTNET_VERSION%.*}-alpine3.20

FROM $REPO:${TAG}-amd64 AS runtime
ENV APP_UID=1654 \
    ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
LABEL org.opencontainers.image.source="https://example.com/dotnet" maintainer="team"

FROM ${REGISTRY:-docker.io}/library/alpine:${ALPINE:-3.20} AS tools
