# audit: platforms=linux/arm64
FROM rust:1.79 AS toolchain
FROM toolchain AS build
RUN cargo build --release
FROM alpine:3.20
COPY --from=build /t /t
# expect cross-compile 3
