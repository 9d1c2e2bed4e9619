ARG GO_VERSION=1.22
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY . .
RUN --mount=type=secret,id=npm_token CGO_ENABLED=0 go build -o /out/api ./cmd/api

FROM base AS runtime
COPY --from=build /out/api /usr/local/bin/api
ENTRYPOINT ["api"]
