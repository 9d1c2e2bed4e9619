# audit: platforms=linux/amd64,linux/arm64
FROM golang:1.22 AS build
WORKDIR /src
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
# expect cross-compile 2
