FROM node:20.11
RUN --mount=type=cache,target=/home/node/.npm npm ci
FROM golang:1.22
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    go build ./...
FROM debian:12
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends gcc
FROM alpine:3.20
RUN npm --version && echo pip install
