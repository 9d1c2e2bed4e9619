import Foundation
import GantryTestSupport
import Testing

/// `--profile` and `--env-file` on the command line, as `docker compose` takes them. No engine needed.
@Suite struct ComposeOptionsCLITests {
  static let files = [
    "compose.yaml": """
    services:
      app:
        build: ./app
        image: acme/app:${TAG:-none}
      debug:
        build: ./app
        image: acme/debug
        profiles: [debug]
    """,
    "app/Dockerfile": "FROM busybox\n", ".env": "TAG=dotenv\n", "one.env": "TAG=one\n", "two.env": "TAG=two\n",
  ]

  @Test func profilesAndEnvFilesChooseWhatIsPlanned() async throws {
    let root = try Fixtures.temporaryFolder()
    try Fixtures.write(Self.files, into: root)
    let plain = try await Command.run([Command.gantry, "plan", "-C", root], directory: root)
    #expect(plain.status == 0, "\(plain)")
    #expect(plain.stdout.contains("-t acme/app:dotenv"))
    #expect(!plain.stdout.contains("acme/debug"))

    let chosen = try await Command.run(
      [Command.gantry, "plan", "--profile", "debug", "--env-file", "one.env", "--env-file", "two.env"],
      directory: root)
    #expect(chosen.status == 0, "\(chosen)")
    #expect(chosen.stdout.contains("-t acme/app:two"))
    #expect(chosen.stdout.contains("-t acme/debug"))
  }
}
