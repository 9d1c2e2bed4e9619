import Testing

@testable import GantryExec
import GantryReport

/// Every rule against a message as builders and registries really print it.
@Suite struct FailureClassifierTests {
  static let messages: [(log: String, expected: FailureClass)] = [
    // Network
    (
      "ERROR: failed to solve: golang:1.23: failed to do request: Head \"https://registry-1.docker.io/v2/library/golang/manifests/1.23\": dial tcp 54.227.20.253:443: i/o timeout",
      .transient
    ),
    (
      "ERROR: failed to solve: node:20: failed to resolve source metadata for docker.io/library/node:20: failed to do request: Head \"https://registry-1.docker.io/v2/library/node/manifests/20\": net/http: TLS handshake timeout",
      .transient
    ),
    (
      "error: failed to solve: failed to copy: read tcp 172.17.0.2:45678->104.18.123.25:443: read: connection reset by peer",
      .transient
    ),
    ("ERROR: failed to solve: failed to copy: httpReadSeeker: failed open: unexpected EOF", .transient),
    (
      "ERROR: failed to push ghcr.io/acme/api:1: failed to do request: Put \"https://ghcr.io/v2/acme/api/blobs/uploads/\": write tcp 10.0.0.2:51234->140.82.121.34:443: write: broken pipe",
      .transient
    ),
    (
      "ERROR: failed to solve: DeadlineExceeded: failed to resolve source metadata for docker.io/library/alpine:3.20: context deadline exceeded",
      .transient
    ),
    (
      "ERROR: failed to solve: registry.acme.dev/base:1: failed to do request: Head \"https://registry.acme.dev/v2/base/manifests/1\": dial tcp 10.1.2.3:443: connect: connection refused",
      .transient
    ),
    (
      "ERROR: failed to solve: failed to resolve source metadata: dial tcp: lookup registry-1.docker.io: Temporary failure in name resolution",
      .transient
    ),
    (
      "Get \"https://registry-1.docker.io/v2/\": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)",
      .transient
    ),
    // Registry 5xx
    (
      "ERROR: failed to push registry.acme.dev/api:1: unexpected status from PUT request to https://registry.acme.dev/v2/api/blobs/uploads/x: 500 Internal Server Error",
      .transient
    ),
    (
      "ERROR: failed to solve: failed to fetch oauth token: unexpected status from GET request to https://auth.docker.io/token: 502 Bad Gateway",
      .transient
    ),
    (
      "ERROR: failed to push registry.acme.dev/api:1: unexpected status from PUT request to https://registry.acme.dev/v2/api/manifests/1: 503 Service Unavailable",
      .transient
    ),
    ("error pulling image configuration: received unexpected HTTP status: 504 Gateway Time-out", .transient),
    // Lost builder
    (
      "ERROR: failed to receive status: rpc error: code = Unavailable desc = error reading from server: EOF", .transient
    ),
    ("ERROR: failed to solve: rpc error: code = Unknown desc = no such job ruaq2n0o3m4hv3qsx1z3", .transient),
    (
      "cannot write .gantry/runs/20261123T120044Z-f2a533/iid/web.iid because server did not provide an image ID",
      .transient
    ),
    // Rate limited
    (
      "ERROR: failed to solve: node:20: failed to copy: httpReadSeeker: failed open: unexpected status code https://registry-1.docker.io/v2/library/node/manifests/sha256:0a1b: 429 Too Many Requests - Server message: toomanyrequests: You have reached your pull rate limit.",
      .rateLimited
    ),
    ("toomanyrequests: too many requests, please retry later", .rateLimited),
    (
      "error pulling image configuration: download failed after attempts=6: received unexpected HTTP status code 429",
      .rateLimited
    ),
    // Permanent
    ("ERROR: process \"/bin/sh -c go build ./...\" did not complete successfully: exit code: 1", .permanent),
    ("executor failed running [/bin/sh -c make]: exit code: 2", .permanent),
    ("ERROR: failed to solve: dockerfile parse error on line 3: unknown instruction: RUUN", .permanent),
    (
      "ERROR: failed to solve: failed to compute cache key: failed to calculate checksum of ref 4f1c::r2: \"/go.sum\": not found",
      .permanent
    ),
    (
      "ERROR: failed to solve: failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized",
      .permanent
    ),
    ("ERROR: failed to push ghcr.io/acme/api:1: unexpected status from HEAD request: 403 Forbidden", .permanent),
    ("ERROR: failed to solve: failed to copy files: copy file range failed: no space left on device", .permanent),
    ("#8 0.231 exec /bin/sh: exec format error", .permanent),
    (
      "failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 3: unknown instruction: RUUN",
      .permanent
    ),
    (
      "ERROR: failed to solve: registry.acme.dev/base:1: failed to authorize: unauthorized: authentication required",
      .permanent
    ),
    ("denied: requested access to the resource is denied", .permanent),
    (
      "runc run failed: unable to start container process: error during container init: cannot allocate memory",
      .permanent
    ),
    ("#12 41.2 fatal: Out of memory, malloc failed (tried to allocate 104857600 bytes)", .permanent),
    ("Error response from daemon: manifest for acme/base:9 not found: manifest unknown: manifest unknown", .permanent),
    (
      "ERROR: failed to solve: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed",
      .permanent
    ),
    ("ERROR: process \"/bin/sh -c cargo build --release\" did not complete successfully: exit code: 137", .permanent),
    // A RUN step whose own output mentions a network error is still the step's failure.
    (
      "#7 3.1 E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease  503 Service Unavailable\nERROR: process \"/bin/sh -c apt-get update\" did not complete successfully: exit code: 100",
      .permanent
    ),
    // The engine is gone
    (
      "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?",
      .engineUnreachable
    ),
    ("error during connect: Post \"http://%2Fvar%2Frun%2Fdocker.sock/v1.41/build\": EOF", .engineUnreachable),
    // Unknown: permanent
    ("something nobody has seen before", .permanent),
  ]

  @Test(arguments: messages)
  func classifies(log: String, expected: FailureClass) {
    let verdict = FailureClassifier.classify(exitCode: 1, logLines: log.split(separator: "\n").map(String.init))
    #expect(verdict.failureClass == expected)
  }

  @Test func theVerdictNamesTheMatchingLine() {
    let lines = [
      "#5 [2/3] RUN make", "#5 0.3 make: *** [all] Error 2",
      "ERROR: process \"/bin/sh -c make\" did not complete successfully: exit code: 2",
    ]
    let verdict = FailureClassifier.classify(exitCode: 1, logLines: lines)
    #expect(verdict.pattern == "did not complete successfully")
    #expect(verdict.line == lines[2])
  }

  @Test func unknownFailuresArePermanentAndKillIsOutOfMemory() {
    #expect(FailureClassifier.classify(exitCode: 1, logLines: []).failureClass == .permanent)
    #expect(FailureClassifier.classify(exitCode: 137, logLines: ["Killed"]).pattern == "exit 137")
  }

  @Test func everyRuleHasAMessageHere() {
    let all = Self.messages.map { $0.log.lowercased() }.joined(separator: "\n")
    let untested = FailurePatterns.all.filter { !all.contains($0.needle.lowercased()) }.map(\.needle)
    #expect(untested.isEmpty, "rules without a real-world message in this test: \(untested)")
  }
}
