FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
FROM rust:1.79
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release
FROM maven:3.9
RUN mvn -B package
FROM gradle:8
RUN gradle build
FROM python:3.12
RUN uv sync --frozen
# expect cache-mount 2
# expect cache-mount 4
# expect cache-mount 6
# expect cache-mount 8
# expect cache-mount 10
