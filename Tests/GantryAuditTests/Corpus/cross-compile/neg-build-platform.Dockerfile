# audit: platforms=linux/amd64,linux/arm64
FROM --platform=$BUILDPLATFORM golang:1.22 AS build
ARG TARGETOS TARGETARCH
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
FROM build AS tested
RUN go build ./...
FROM alpine:3.20
RUN apk add --no-cache ca-certificates
COPY --from=tested /out/app /app
