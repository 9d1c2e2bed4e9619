# The pattern of the buildx, compose, moby and BuildKit Dockerfiles: one stage per OS.
ARG GO_VERSION=1.22
ARG XX_VERSION=1.4.0

FROM --platform=$BUILDPLATFORM tonistiigi/xx:${XX_VERSION} AS xx
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS golatest
COPY --from=xx / /
ARG TARGETPLATFORM
RUN xx-go build -o /out/tool ./cmd/tool

FROM scratch AS binaries-unix
COPY --link --from=golatest /out/tool /

FROM binaries-unix AS binaries-darwin
FROM binaries-unix AS binaries-linux

FROM scratch AS binaries-windows
COPY --link --from=golatest /out/tool /tool.exe

FROM binaries-$TARGETOS AS binaries
FROM binaries
