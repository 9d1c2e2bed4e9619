import GantryCore
import GantryLoad
import Testing

/// Problems in compose files are reported where they are written, with a hint, all together.
@Suite struct ComposeErrorTests {
  /// A project with `compose.yaml` and a Dockerfile at its root.
  func scratch(_ compose: String, more: [String: String] = [:]) throws -> ComposeScratch {
    try ComposeScratch(["compose.yaml": compose, "Dockerfile": "FROM alpine:3.20\n"].merging(more) { $1 })
  }

  @Test func unknownBuildKeyHasADidYouMeanHint() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build:
            context: .
            dockerfil: api.Dockerfile
            no_cache: true
            x-notes: ignored
      """)
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["unknown key 'dockerfil' in build of service 'api'"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 5, 7))
    #expect(problems.first?.hint == "did you mean 'dockerfile'?")
  }

  @Test func argumentsOfTheWrongType() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build:
            context: .
            args: 5
      """)
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == [
        "build.args of service 'api' must be a mapping or a list of KEY=VALUE, found a whole number (5)"
      ])
    #expect(problems.first?.place == scratch.at("compose.yaml", 5, 13))
  }

  @Test func missingContextFolder() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build: ./missing
      """)
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == ["context folder of service 'api' does not exist: \(scratch.root)/missing"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 3, 12))
  }

  @Test func requiredVariableMissing() throws {
    let scratch = try scratch(
      """
      services:
        api:
          image: "${REGISTRY:?set REGISTRY to your registry}/api"
          build: .
      """)
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == ["required variable REGISTRY is missing a value: set REGISTRY to your registry"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 3, 12))
    #expect(
      try scratch.load(environment: ["REGISTRY": "ghcr.io/acme"]).services.first?.image?.value == "ghcr.io/acme/api")
  }

  @Test func undefinedSecret() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build:
            context: .
            secrets:
              - npm_tokn
              - source: github
      secrets:
        npm_token:
          file: ./token.txt
      """)
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == [
        "service 'api' uses secret 'npm_tokn', which is not defined",
        "service 'api' uses secret 'github', which is not defined",
      ])
    #expect(problems.map(\.place) == [scratch.at("compose.yaml", 6, 11), scratch.at("compose.yaml", 7, 19)])
    #expect(problems.first?.hint == "did you mean 'npm_token'?")
    #expect(problems.last?.hint == "define it in the top-level secrets, e.g. secrets: {github: {file: ./github.txt}}")
  }

  @Test func dockerfileAndInlineDockerfileTogether() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build:
            context: .
            dockerfile: Dockerfile
            dockerfile_inline: |
              FROM scratch
      """)
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["service 'api' sets both dockerfile (Dockerfile) and dockerfile_inline"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 6, 26))
  }

  @Test func includeIsNotSupportedYet() throws {
    let scratch = try scratch(
      """
      include:
        - other/compose.yaml
      services:
        api:
          build: .
      """)
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["include is not supported yet"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 1, 1))
  }

  @Test func unknownTopLevelKey() throws {
    let scratch = try scratch(
      """
      x-defaults: {}
      servics:
        api:
          build: .
      """)
    let problems = scratch.problems()
    #expect(problems.first?.message == "unknown key 'servics' in the compose file")
    #expect(problems.first?.place == scratch.at("compose.yaml", 2, 1))
    #expect(problems.first?.hint == "did you mean 'services'?")
  }

  @Test func invalidServiceName() throws {
    let scratch = try scratch(
      """
      services:
        "api server":
          build: .
      """)
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["'api server' is not a valid service name"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 2, 3))
  }

  @Test func emptyFile() throws {
    let scratch = try scratch("# nothing here yet\n")
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["the compose file is empty"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 1, 1))
  }

  @Test func buildOfTheWrongType() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build: [.]
      """)
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["build of service 'api' must be a string or a mapping, found a list"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 3, 12))
  }

  @Test func invalidYAMLInTheSecondFile() throws {
    let scratch = try scratch(
      "services:\n  api:\n    build: .\n", more: ["compose.override.yaml": "services:\n  api: [\n"])
    let problems = scratch.problems(["compose.yaml", "compose.override.yaml"])
    #expect(problems.count == 1)
    #expect(problems.first?.message.hasPrefix("invalid YAML") == true)
    #expect(problems.first?.location?.file == scratch.root + "/compose.override.yaml")
  }

  @Test func everyProblemIsReportedAtOnce() throws {
    let scratch = try scratch(
      """
      name: My Shop
      services:
        api:
          build:
            context: ./api
            platform: linux/amd64
            additional_contexts: [base]
        web:
          build:
            context: .
            args: [A=1]
            labels: 7
      """)
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == [
        "unknown key 'platform' in build of service 'api'",
        "entry 'base' of build.additional_contexts of service 'api' has no value",
        "build.labels of service 'web' must be a mapping or a list of KEY=VALUE, found a whole number (7)",
        "'My Shop' is not a valid project name",
        "context folder of service 'api' does not exist: \(scratch.root)/api",
      ])
    #expect(
      problems.map(\.place) == [
        scratch.at("compose.yaml", 6, 7), scratch.at("compose.yaml", 7, 29), scratch.at("compose.yaml", 12, 15),
        scratch.at("compose.yaml", 1, 7), scratch.at("compose.yaml", 5, 16),
      ])
    #expect(problems.first?.hint == "did you mean 'platforms'?")
  }

  @Test func remoteContextIsNotSupported() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build: https://github.com/acme/api.git#main
      """)
    let problems = scratch.problems()
    #expect(
      problems.map(\.message) == [
        "remote build context 'https://github.com/acme/api.git#main' of service 'api' is not supported"
      ])
    #expect(problems.first?.place == scratch.at("compose.yaml", 3, 12))
  }

  @Test func externalSecretCannotBePassedToABuild() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build:
            secrets: [vault]
      secrets:
        vault:
          external: true
        legacy:
          external:
            name: runtime_only
      """)
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["secret 'vault' is external, so service 'api' cannot pass it to a build"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 4, 17))
  }

  @Test func unsetVariablesAreWarningsAndVersionIsIgnored() throws {
    let scratch = try scratch(
      """
      version: "3.9"
      services:
        api:
          image: acme/api${TAG}
          build:
            context: .
            args:
              VERSION: ${TAG}
              PLAIN: $$HOME
      """)
    let project = try scratch.load()
    #expect(project.services.first?.image?.value == "acme/api")
    #expect(project.services.first?.args == ["VERSION": "", "PLAIN": "$HOME"])
    #expect(project.warnings.map(\.message) == ["variable 'TAG' is not set, using an empty string"])
    #expect(project.warnings.map(\.place) == [scratch.at("compose.yaml", 4, 12)])
    #expect(project.warnings.first?.hint == "set TAG in the environment or in .env, or write ${TAG:-default}")
  }

  @Test func dotEnvProblemsPointIntoTheEnvFile() throws {
    let scratch = try scratch(
      """
      services:
        api:
          build:
            context: .
            args:
              REGISTRY: ${REGISTRY}
      """, more: [".env": "# registry settings\nREGISTRY=\"${REGISTRY_HOST:?set the registry host}/acme\"\n"])
    let problems = scratch.problems()
    #expect(problems.map(\.message) == ["required variable REGISTRY_HOST is missing a value: set the registry host"])
    #expect(problems.first?.place == scratch.at(".env", 2, 10))
    let project = try scratch.load(environment: ["REGISTRY_HOST": "ghcr.io"])
    #expect(project.services.first?.args == ["REGISTRY": "ghcr.io/acme"])
  }

  @Test func aliasBombIsStoppedInsteadOfExpanded() throws {
    var lines = ["x-0: &l0 [a, a, a, a, a, a, a, a, a, a]"]
    for level in 1...9 {
      let previous = "*l\(level - 1)"
      lines.append("x-\(level): &l\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]")
    }
    lines += ["services:", "  api:", "    build:", "      context: .", "      tags: *l9"]
    let scratch = try scratch(lines.joined(separator: "\n") + "\n")
    let problems = scratch.problems()
    #expect(problems.first?.message == "document is too large or expands too far through aliases")
    #expect(problems.count < 20)
  }
}
