import GantryCore
import GantryDockerfile
import Testing

@Suite struct FixtureTests {
  static let goService = #"""
    # syntax=docker/dockerfile:1.7
    # check=error=true

    ARG GO_VERSION=1.22.5
    ARG ALPINE_VERSION=3.20
    ARG DISTROLESS=gcr.io/distroless/static-debian12:nonroot

    FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine${ALPINE_VERSION} AS build
    WORKDIR /src
    RUN --mount=type=cache,target=/go/pkg/mod \
        --mount=type=bind,source=go.sum,target=go.sum \
        --mount=type=bind,source=go.mod,target=go.mod \
        go mod download -x
    ARG TARGETOS TARGETARCH
    RUN --mount=type=cache,target=/go/pkg/mod \
        --mount=type=cache,target=/root/.cache/go-build \
        --mount=type=bind,target=. \
        CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -o /out/server ./cmd/server

    FROM build AS test
    RUN --mount=type=cache,target=/go/pkg/mod go test ./...

    FROM golangci/golangci-lint:v1.59-alpine AS lint
    WORKDIR /src
    RUN --mount=type=bind,target=. \
        --mount=type=cache,target=/root/.cache \
        golangci-lint run

    FROM ${DISTROLESS} AS final
    COPY --from=build /out/server /server
    COPY --from=ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28 /ko-app/grpc-health-probe /bin/grpc_health_probe
    COPY <<EOF /etc/server.yaml
    listen: :8080
    FROM: not-an-instruction
    EOF
    USER nonroot:nonroot
    EXPOSE 8080
    ENTRYPOINT ["/server"]
    """#

  @Test func goServiceDockerfile() {
    let file = DockerfileParser.parse(Self.goService, file: "services/api/Dockerfile")
    #expect(file.syntax == "docker/dockerfile:1.7")
    #expect(file.globalArgs.map(\.name) == ["GO_VERSION", "ALPINE_VERSION", "DISTROLESS"])
    #expect(file.stages.map(\.name) == ["build", "test", "lint", "final"])
    #expect(file.stages.map(\.baseIsStage) == [false, true, false, false])
    #expect(file.stages.map(\.usesBuildPlatform) == [true, false, false, false])
    #expect(file.stages[0].base == "golang:1.22.5-alpine3.20")
    #expect(
      file.references == [
        "golang:1.22.5-alpine3.20", "golangci/golangci-lint:v1.59-alpine", "gcr.io/distroless/static-debian12:nonroot",
        "ghcr.io/grpc-ecosystem/grpc-health-probe:v0.4.28",
      ])
    #expect(file.imageUses.map(\.stageIndex) == [0, 2, 3, 3])
    #expect(file.imageUses.map(\.location.line) == [8, 23, 29, 31])
    #expect(file.imageUses.allSatisfy { $0.location.file == "services/api/Dockerfile" })
    #expect(file.diagnostics.isEmpty)
  }

  @Test func goServiceWithBuildArgs() {
    let file = DockerfileParser.parse(
      Self.goService, file: "Dockerfile", buildArgs: ["GO_VERSION": "1.23.0", "DISTROLESS": "alpine:3.20"])
    #expect(file.stages[0].base == "golang:1.23.0-alpine3.20")
    #expect(file.stages[3].base == "alpine:3.20")
    #expect(file.stages[3].baseWritten == "${DISTROLESS}")
  }

  static let nodeApp = #"""
    ARG NODE_VERSION=20.15.1

    FROM node:${NODE_VERSION}-bookworm-slim AS base
    ENV PNPM_HOME="/pnpm" \
        PATH="$PNPM_HOME:$PATH"
    RUN corepack enable
    WORKDIR /app

    FROM base AS deps
    COPY package.json pnpm-lock.yaml ./
    RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile

    FROM deps AS build
    COPY . .
    RUN pnpm run build && pnpm prune --prod

    FROM base AS runtime
    ENV NODE_ENV=production
    COPY --from=deps /app/node_modules ./node_modules
    COPY --from=build --chown=node:node /app/dist ./dist
    COPY --from=tianon/gosu:1.17 /gosu /usr/local/bin/gosu
    RUN <<EOF
    set -eux
    apt-get update
    apt-get install -y --no-install-recommends tini
    rm -rf /var/lib/apt/lists/*
    EOF
    HEALTHCHECK --interval=30s CMD node -e "fetch('http://localhost:3000/health')"
    USER node
    EXPOSE 3000
    CMD ["tini", "--", "node", "dist/server.js"]
    """#

  @Test func nodeAppDockerfile() {
    let file = parse(Self.nodeApp)
    #expect(file.stages.map(\.name) == ["base", "deps", "build", "runtime"])
    #expect(file.stages.map(\.baseIsStage) == [false, true, true, true])
    #expect(file.references == ["node:20.15.1-bookworm-slim", "tianon/gosu:1.17"])
    #expect(file.imageUses.map(\.kind) == [.from, .copyFrom])
    #expect(file.imageUses.map(\.stageIndex) == [0, 3])
    #expect(
      file.imageUses.compactMap(\.image?.normalized) == [
        "docker.io/library/node:20.15.1-bookworm-slim", "docker.io/tianon/gosu:1.17",
      ])
    #expect(file.diagnostics.isEmpty)
  }

  /// Parsing keeps no state between files: a thousand parses give the same uses as one.
  /// (Parsing speed is measured by `make bench`, not here.)
  @Test func parsingIsTheSameEveryTime() {
    var uses = 0
    for index in 0..<1_000 {
      uses +=
        DockerfileParser.parse(index.isMultiple(of: 2) ? Self.goService : Self.nodeApp, file: "Dockerfile")
        .imageUses.count
    }
    #expect(uses == 3_000)
  }
}
