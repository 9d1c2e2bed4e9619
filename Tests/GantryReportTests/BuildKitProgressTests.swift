import Testing

@testable import GantryReport

/// Cache and context figures read from BuildKit's plain progress, as docker 20.10 and buildx print it.
@Suite struct BuildKitProgressTests {
  /// A rebuild on docker 20.10: every step cached.
  static let cachedLog = """
    #1 [internal] load build definition from Dockerfile
    #1 sha256:b66765be2b96623b9889fa4d10f457a48ae5854852d4b979322db23a2ce5ffe8
    #1 transferring dockerfile: 32B done
    #1 DONE 0.0s

    #2 [internal] load .dockerignore
    #2 transferring context: 2B done
    #2 DONE 0.0s

    #3 [internal] load metadata for docker.io/acme/toolchain:1
    #3 DONE 0.0s

    #6 [build 1/5] FROM docker.io/acme/toolchain:1
    #6 DONE 0.0s

    #5 [runtime 1/4] FROM docker.io/acme/base:1
    #5 DONE 0.0s

    #8 FROM docker.io/acme/proto:1
    #8 DONE 0.0s

    #10 [internal] load build context
    #10 sha256:eb912a09c286d85fa2f1f28e611fcd3fbbb7fa32196ba48186bb1f0119084849
    #10 transferring context: 29B done
    #10 DONE 0.0s

    #13 [runtime 2/4] COPY --from=build /src/api /app/api
    #13 CACHED

    #7 [build 2/5] WORKDIR /src
    #7 CACHED

    #12 [build 5/5] RUN /opt/tool/bin/acmec /src/api main.src proto/api.proto
    #12 CACHED

    #15 [runtime 4/4] RUN echo "api" > /app/service.txt
    #15 CACHED

    #16 exporting to image
    #16 exporting layers done
    #16 writing image sha256:4daea0be38067f270a776971e981ed4fd703391b42a9f4796711445eb7a3d805 done
    #16 DONE 0.0s
    """

  /// A cold build: the RUN step ran (and printed), the COPY did not hit the cache either.
  static let coldLog = """
    #1 [internal] load build definition from Dockerfile
    #1 DONE 0.0s

    #4 [1/3] FROM docker.io/local/busybox:1
    #4 DONE 0.0s

    #6 [internal] load build context
    #6 transferring context: 1.05MB 0.2s
    #6 transferring context: 2.31MB 0.4s done
    #6 DONE 0.4s

    #5 [2/3] RUN mkdir -p /app && echo "acme base 1" > /etc/acme/release
    #5 0.214 some output
    #5 DONE 0.3s

    #7 [3/3] COPY motd /etc/motd
    #7 DONE 0.0s

    #5 [2/3] RUN mkdir -p /app && echo "acme base 1" > /etc/acme/release

    #8 exporting to image
    #8 DONE 0.1s
    """

  @Test func countsCachedStepsAndIgnoresInternalAndFromSteps() throws {
    let progress = try #require(BuildKitProgress.parse(log: Self.cachedLog))
    #expect(progress.totalSteps == 4)
    #expect(progress.cachedSteps == 4)
    #expect(progress.cacheHitRatio == 1)
    // The .dockerignore's "transferring context: 2B" is not the build context.
    #expect(progress.contextBytes == 29)
  }

  @Test func aColdBuildHasARatioBelowOne() throws {
    let progress = try #require(BuildKitProgress.parse(log: Self.coldLog))
    #expect(progress.totalSteps == 2)
    #expect(progress.cachedSteps == 0)
    #expect(progress.cacheHitRatio == 0)
    // The last figure of the transfer, in decimal units as BuildKit prints them.
    #expect(progress.contextBytes == 2_310_000)
  }

  @Test func onlyTheLastAttemptCounts() throws {
    let log =
      Self.coldLog + "\ngantry: attempt 1 failed (transient: connection reset by peer); attempt 2 in 2.0s\n\n"
      + Self.cachedLog
    let progress = try #require(BuildKitProgress.parse(log: log))
    #expect(progress.totalSteps == 4)
    #expect(progress.cachedSteps == 4)
  }

  @Test func everyPlatformsStepsCount() throws {
    let log = """
      #3 [internal] load build context
      #3 transferring context: 120B done
      #3 DONE 0.0s

      #5 [linux/arm64 1/3] FROM docker.io/library/alpine:3.20@sha256:abc
      #5 DONE 0.1s

      #6 [linux/amd64 1/3] FROM docker.io/library/alpine:3.20@sha256:abc
      #6 DONE 0.1s

      #7 [linux/amd64 2/3] COPY app /app
      #7 CACHED

      #8 [linux/arm64 2/3] COPY app /app
      #8 CACHED

      #9 [linux/arm64 3/3] RUN make
      #9 0.5 building for arm64
      #9 DONE 3.1s

      #10 [linux/amd64 3/3] RUN make
      #10 CACHED

      #11 [context shared] load from client
      #11 transferring shared: 3.20kB done
      #11 DONE 0.0s

      #12 exporting to image
      #12 DONE 0.2s
      """
    let progress = try #require(BuildKitProgress.parse(log: log))
    #expect(progress.totalSteps == 4)
    #expect(progress.cachedSteps == 3)
    #expect(progress.cacheHitRatio == 0.75)
    #expect(progress.contextBytes == 3320)
  }

  @Test func logsWithoutBuildKitStepsGiveNothing() {
    #expect(BuildKitProgress.parse(log: "STEP 1/2: FROM alpine\nSTEP 2/2: RUN make\n") == nil)
    #expect(BuildKitProgress.parse(log: "") == nil)
  }

  @Test(arguments: [
    ("[2/3] RUN make", true), ("[build 2/5] COPY . .", true), ("[linux/arm64 build 3/4] RUN x", true),
    ("[1/3] FROM alpine", false), ("[stage-1 1/2] FROM base AS x", false), ("[internal] load build context", false),
    ("[auth] library/alpine:pull token", false), ("exporting to image", false),
    ("[context api] load from client", false),
  ])
  func whatCountsAsAStep(name: String, isStep: Bool) {
    #expect(BuildKitProgress.isStep(Substring(name)) == isStep)
  }
}
