import Foundation
import GantryTestSupport
import Testing

/// The `command` backend end to end: `gantry build` runs a fake builder script from the manifest's
/// `backend.command`. No engine needed.
@Suite struct CommandBackendTests {
  /// Records its arguments (one per line) in argv/<first argument>.txt and $FAKE_MARK beside them,
  /// then writes an image id where `--iidfile` says.
  static let fakeBuilder = """
    #!/bin/sh
    mkdir -p argv
    out="argv/$1"
    : > "$out.txt"
    for arg in "$@"; do printf '%s\\n' "$arg" >> "$out.txt"; done
    printf '%s\\n' "$FAKE_MARK" > "$out.env"
    previous=""
    for arg in "$@"; do
      if [ "$previous" = "--iidfile" ]; then printf 'sha256:fake-%s' "$1" > "$arg"; fi
      previous="$arg"
    done
    echo "fake build of $1 done"
    exit 0

    """

  static let manifest = #"""
    backend:
      command:
        - ./fake-build.sh
        - "{service}"
        - "{tag-flags}"
        - "{build-arg-flags}"
        - "{label-flags}"
        - "{target-flags}"
        - --file={dockerfile}
        - "{platforms}"
        - --iidfile
        - "{iidfile}"
        - "{context}"
      env: {FAKE_MARK: "from the manifest"}
    services:
      base:
        context: base
      app:
        context: app
        image: acme/app
        tags: ["acme/app:1"]
        target: final
        args:
          GREETING: hello world
          QUOTED: it's "quoted"
          SUBST: '$(touch pwned) `touch pwned2`; touch pwned3 # not a comment'
        labels: {note: "a  b"}
    """#

  /// A repository using the fake builder, returned with its path.
  func repository() throws -> String {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      [
        "gantry.yml": Self.manifest, "fake-build.sh": Self.fakeBuilder,
        "base/Dockerfile": "FROM busybox\n", "app/Dockerfile": "FROM base AS final\n",
      ], into: root)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: root + "/fake-build.sh")
    return root
  }

  func lines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
      .dropLast().map(String.init)
  }

  @Test func buildRunsTheTemplateWithEveryValuePassedLiterally() async throws {
    let root = try repository()
    let result = try await Command.run(
      [Command.gantry, "build", "--progress", "plain", "--report-dir", "out"], directory: root)
    #expect(result.status == 0, "\(result)")
    #expect(result.stderr.contains("[base] built in"), "\(result)")
    #expect(result.stderr.contains("[app] built in"), "\(result)")

    #expect(
      try lines(root + "/argv/app.txt") == [
        "app", "-t", "acme/app", "-t", "acme/app:1",
        "--build-arg", "GREETING=hello world",
        "--build-arg", "QUOTED=it's \"quoted\"",
        "--build-arg", "SUBST=$(touch pwned) `touch pwned2`; touch pwned3 # not a comment",
        "--label", "note=a  b", "--target", "final", "--file=app/Dockerfile",
        "--iidfile", "out/iid/app.iid", "app",
      ])
    // No target, no args, no labels, no platforms: those elements are left out.
    #expect(
      try lines(root + "/argv/base.txt") == [
        "base", "-t", "base", "--file=base/Dockerfile", "--iidfile", "out/iid/base.iid", "base",
      ])
    #expect(try lines(root + "/argv/app.env") == ["from the manifest"])
    // Nothing was run through a shell.
    for name in ["pwned", "pwned2", "pwned3"] {
      #expect(!FileManager.default.fileExists(atPath: root + "/" + name))
    }

    let report = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: root + "/out/report.json")))
    let run = (report as? [String: Any])?["run"] as? [String: Any]
    #expect(run?["backend"] as? String == "command")
    #expect(run?["status"] as? String == "succeeded")
    let jobs = (report as? [String: Any])?["jobs"] as? [[String: Any]] ?? []
    #expect(jobs.map { $0["id"] as? String } == ["base", "app"])
    #expect(jobs.map { $0["status"] as? String } == ["built", "built"])
    #expect(jobs.map { $0["image_id"] as? String } == ["sha256:fake-base", "sha256:fake-app"])
    let log = try String(contentsOfFile: root + "/out/logs/app.log", encoding: .utf8)
    #expect(log.contains("fake build of app done"))
  }

  @Test func theFlagWinsOverTheManifest() async throws {
    let root = try repository()
    let plan = try await Command.run([Command.gantry, "plan", "--format", "json"], directory: root)
    #expect(plan.status == 0, "\(plan)")
    #expect(plan.stdout.contains("\"backend\" : \"command\""))
    #expect(plan.stdout.contains("\"./fake-build.sh\""))
    let buildx = try await Command.run(
      [Command.gantry, "plan", "--format", "json", "--backend", "buildx"], directory: root)
    #expect(buildx.stdout.contains("\"backend\" : \"buildx\""))
    #expect(!buildx.stdout.contains("fake-build.sh"))

    // A docker client that does not exist: the flag was obeyed (the docker backend's engine check
    // runs it, not the manifest's command), and the run stops before any build as unusable input.
    let build = try await Command.run(
      [
        Command.gantry, "build", "--backend", "docker", "--docker", root + "/no-such-docker", "--progress", "plain",
        "--report-dir", "out",
      ],
      directory: root)
    #expect(build.status == 2, "\(build)")
    #expect(build.stderr.contains("error: cannot run the docker client for "), "\(build)")
    #expect(build.stderr.contains("hint: install the docker client, or name it with --docker PATH or $GANTRY_DOCKER"))
    #expect(!FileManager.default.fileExists(atPath: root + "/argv"))
    #expect(!FileManager.default.fileExists(atPath: root + "/out/report.json"))
  }

  @Test func theCommandBackendWithoutATemplateIsAUsageError() async throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(
      ["gantry.yml": "services:\n  api: {context: api}\n", "api/Dockerfile": "FROM busybox\n"], into: root)
    for command in ["build", "plan"] {
      let result = try await Command.run([Command.gantry, command, "--backend", "command"], directory: root)
      #expect(result.status == 2)
      #expect(result.stderr.contains("the command backend needs a command template (backend.command in the manifest)"))
      #expect(result.stderr.contains("command: [podman, build, '{tag-flags}', -f, '{dockerfile}', '{context}']"))
    }
  }
}
