import GantryReport
/// Every rule that classifies a failed build, in one place (docs/reliability.md prints this table).
///
/// Rules are checked in order and the first match wins, so the permanent causes that can contain a
/// transient-looking word (a RUN step whose own output mentions a timeout) come first.
public enum FailurePatterns {
  public static let all: [FailurePattern] = permanent + engine + rateLimited + transient

  /// Causes in the build itself: retrying cannot help.
  public static let permanent: [FailurePattern] = [
    FailurePattern("did not complete successfully", .permanent, "a RUN step's command failed"),
    FailurePattern("executor failed running", .permanent, "a RUN step's command failed (older BuildKit)"),
    FailurePattern("dockerfile parse error", .permanent, "Dockerfile syntax error"),
    FailurePattern("unknown instruction", .permanent, "Dockerfile syntax error"),
    FailurePattern(
      "failed to solve with frontend dockerfile.v0: failed to create LLB definition", .permanent, "Dockerfile error"),
    FailurePattern("failed to compute cache key", .permanent, "a COPY source is missing from the context"),
    FailurePattern("401 unauthorized", .permanent, "registry credentials missing or wrong"),
    FailurePattern("unauthorized: authentication required", .permanent, "registry credentials missing or wrong"),
    FailurePattern("403 forbidden", .permanent, "no permission on the registry"),
    FailurePattern("denied: requested access to the resource is denied", .permanent, "no permission on the registry"),
    FailurePattern("no space left on device", .permanent, "the disk is full"),
    FailurePattern("exec format error", .permanent, "a binary for another architecture (no emulation)"),
    FailurePattern("exit code: 137", .permanent, "killed, most often out of memory"),
    FailurePattern("cannot allocate memory", .permanent, "out of memory"),
    FailurePattern("out of memory", .permanent, "out of memory"),
    FailurePattern("manifest unknown", .permanent, "the image or tag does not exist"),
    FailurePattern("pull access denied", .permanent, "the image does not exist or needs credentials"),
  ]

  /// The engine is not there at all.
  public static let engine: [FailurePattern] = [
    FailurePattern("cannot connect to the docker daemon", .engineUnreachable, "no engine answers at DOCKER_HOST"),
    FailurePattern("is the docker daemon running", .engineUnreachable, "no engine answers at DOCKER_HOST"),
    FailurePattern("error during connect", .engineUnreachable, "the engine's socket refused the connection"),
  ]

  /// The registry asks to slow down.
  public static let rateLimited: [FailurePattern] = [
    FailurePattern("toomanyrequests", .rateLimited, "registry rate limit"),
    FailurePattern("429 too many requests", .rateLimited, "registry rate limit"),
    FailurePattern("status code 429", .rateLimited, "registry rate limit"),
  ]

  /// The network, the registry or the builder failed for a moment.
  public static let transient: [FailurePattern] = [
    FailurePattern("i/o timeout", .transient, "network timeout"),
    FailurePattern("tls handshake timeout", .transient, "network timeout"),
    FailurePattern("connection reset by peer", .transient, "network connection dropped"),
    FailurePattern("connection refused", .transient, "registry or proxy refused the connection"),
    FailurePattern("unexpected eof", .transient, "network connection dropped"),
    FailurePattern("failed to do request", .transient, "registry request failed"),
    FailurePattern("broken pipe", .transient, "network connection dropped"),
    FailurePattern("context deadline exceeded", .transient, "registry or builder timed out"),
    FailurePattern("502 bad gateway", .transient, "registry 5xx"),
    FailurePattern("503 service unavailable", .transient, "registry 5xx"),
    FailurePattern("504 gateway time", .transient, "registry 5xx"),
    FailurePattern("500 internal server error", .transient, "registry 5xx"),
    FailurePattern("error reading from server: eof", .transient, "lost the builder"),
    FailurePattern("rpc error: code = unavailable", .transient, "lost the builder"),
    FailurePattern("no such job", .transient, "lost the builder"),
    FailurePattern(
      "server did not provide an image id", .transient, "the builder's stream ended without a result (engine stopped)"),
    FailurePattern("temporary failure in name resolution", .transient, "DNS failure"),
    FailurePattern("net/http: request canceled", .transient, "registry request timed out"),
  ]
}
