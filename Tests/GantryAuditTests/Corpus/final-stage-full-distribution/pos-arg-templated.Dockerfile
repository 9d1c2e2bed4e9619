ARG RUNTIME=ubuntu:24.04
FROM rust:1.79 AS build
RUN cargo build --release --target x86_64-unknown-linux-musl
FROM ${RUNTIME}
COPY --from=build /target/app /app
# expect final-stage-full-distribution 4
