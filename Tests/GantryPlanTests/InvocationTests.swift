import GantryLoad
import Testing

@testable import GantryPlan

/// A job's command as parts: the endpoint goes where each form of it belongs, whatever else the
/// command holds.
@Suite struct InvocationTests {
  static let build = Invocation(
    client: "/opt/buildx/docker", verb: ["buildx", "build"],
    arguments: ["-t", "buildx", "--build-arg", "X=--builder", "."])

  @Test(arguments: [
    (BuilderEndpoint?.none, ["/opt/buildx/docker", "buildx", "build", "-t", "buildx", "--build-arg", "X=--builder", "."], [String: String]()),
    (.dockerHost("ssh://ci@arm"), ["/opt/buildx/docker", "buildx", "build", "-t", "buildx", "--build-arg", "X=--builder", "."], ["DOCKER_HOST": "ssh://ci@arm"]),
    (.dockerContext("arm"), ["/opt/buildx/docker", "--context", "arm", "buildx", "build", "-t", "buildx", "--build-arg", "X=--builder", "."], [:]),
    (.buildxBuilder("arm"), ["/opt/buildx/docker", "buildx", "build", "--builder", "arm", "-t", "buildx", "--build-arg", "X=--builder", "."], [:]),
  ])
  func theEndpointGoesInItsPlace(endpoint: BuilderEndpoint?, argv: [String], environment: [String: String]) {
    var invocation = Self.build
    invocation.endpoint = endpoint
    #expect(invocation.argv == argv)
    #expect(invocation.environment == environment)
    #expect(invocation.client == "/opt/buildx/docker")
  }

  @Test func aTemplateCommandGetsItsEndpointInTheEnvironmentOnly() {
    var invocation = Invocation(verbatim: ["podman", "build", "--context", "x", "."])
    invocation.endpoint = .dockerContext("arm")
    #expect(invocation.argv == ["podman", "build", "--context", "x", "."])
    #expect(invocation.environment == ["DOCKER_CONTEXT": "arm"])
    invocation.endpoint = .buildxBuilder("arm")
    #expect(invocation.argv == ["podman", "build", "--context", "x", "."])
    #expect(invocation.environment.isEmpty)
  }

  @Test func routingAJobChangesOnlyItsEndpoint() {
    var job = Job(
      id: "api", service: "api", platforms: [], deps: [], argv: [], env: ["DOCKER_BUILDKIT": "1"], tags: ["api:1"],
      builder: "a", candidates: ["a", "b"])
    job.invocation = Self.build
    let routed = job.routed(to: PlannedBuilder(name: "b", platforms: [], endpoint: .dockerHost("tcp://b:2375")))
    #expect(routed.builder == "b")
    #expect(routed.argv == job.argv)
    #expect(routed.env == ["DOCKER_BUILDKIT": "1", "DOCKER_HOST": "tcp://b:2375"])
    #expect(routed.routed(to: PlannedBuilder(name: "a", platforms: [])).env == ["DOCKER_BUILDKIT": "1"])
  }
}
