FROM rust:1.79-bookworm AS chef
RUN cargo install cargo-chef

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
RUN --mount=type=bind,from=planner,source=/recipe.json,target=/recipe.json \
    --mount=type=cache,target=/usr/local/cargo/registry,sharing=locked \
    --mount=type=cache,from=ghcr.io/acme/cargo-cache:1,target=/cache,ro \
    --mount=type=tmpfs,target=/tmp \
    --mount=type=secret,id=cargo-token,required \
    cargo chef cook --release --recipe-path /recipe.json
RUN --mount=from=ghcr.io/acme/tools:2,src=/bin,dst=/tools ["/tools/strip", "target/release/app"]

FROM debian:bookworm-slim
COPY --from=builder /app/target/release/app /usr/local/bin/app
COPY --from=2 /usr/local/cargo/bin/cargo-chef /usr/local/bin/
