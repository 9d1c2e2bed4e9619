import GantryCore
import GantryLoad
import Testing

/// Nothing is accepted in silence: keys and types follow the compose specification's schema, and every
/// reference must resolve, as `docker compose config` requires.
@Suite struct ComposeStrictnessTests {
  func problems(_ compose: String, environment: [String: String] = [:]) throws -> (ComposeScratch, [Diagnostic]) {
    let scratch = try ComposeScratch(["app/Dockerfile": "FROM alpine:3.20\n", "compose.yaml": compose])
    return (scratch, scratch.problems(environment: environment))
  }

  @Test func unknownServiceKeysSayWhatWasMeant() throws {
    let (scratch, problems) = try problems(
      "services:\n  web:\n    buidl: ./app\n    imag: acme/web\n    x-notes: fine\n")
    #expect(
      problems.map(\.message) == ["unknown key 'buidl' in service 'web'", "unknown key 'imag' in service 'web'"])
    #expect(problems.map(\.hint) == ["did you mean 'build'?", "did you mean 'image'?"])
    #expect(problems.map(\.place) == [scratch.at("compose.yaml", 3, 5), scratch.at("compose.yaml", 4, 5)])
  }

  @Test func wrongTypesAreErrorsNotMissingFolders() throws {
    let (scratch, problems) = try problems(
      "services:\n  web:\n    build: 5\n    ports: \"8080\"\n    privileged: maybe\n  db:\n    image: postgres\n    init: 3\n"
    )
    #expect(
      problems.map(\.message) == [
        "build of service 'web' must be a string or a mapping, found a whole number (5)",
        "ports of service 'web' must be a list, found a string",
        "init of service 'db' must be a string or true or false, found a whole number (3)",
      ])
    #expect(problems.first?.place == scratch.at("compose.yaml", 3, 12))
  }

  @Test func interpolatedValuesAreCheckedOnlyOnceExpanded() throws {
    let (_, problems) = try problems(
      "services:\n  web:\n    build: ./app\n    privileged: ${PRIVILEGED:-false}\n    cpus: ${CPUS:-1}\n")
    #expect(problems == [])
  }

  @Test func dependsOnAMissingServiceIsAnError() throws {
    let (scratch, problems) = try problems(
      "services:\n  web:\n    build: ./app\n    depends_on: [dbb]\n  api:\n    build: ./app\n    depends_on:\n      web: {condition: service_started}\n  db:\n    image: postgres\n"
    )
    #expect(problems.map(\.message) == ["service 'web' depends on 'dbb', which is not a service"])
    #expect(problems.first?.hint == "did you mean 'db'?")
    #expect(problems.first?.place == scratch.at("compose.yaml", 4, 18))
  }

  @Test func aRequiredVariableFailsWhereverItIsWritten() throws {
    let (scratch, problems) = try problems(
      "services:\n  web:\n    build: ./app\n  db:\n    image: postgres\n    environment:\n      PASSWORD: ${DB_PASSWORD?set DB_PASSWORD}\n"
    )
    #expect(problems.map(\.message) == ["required variable DB_PASSWORD is missing a value: set DB_PASSWORD"])
    #expect(problems.first?.place == scratch.at("compose.yaml", 7, 17))
    let (_, set) = try self.problems(
      "services:\n  web:\n    build: ./app\n  db:\n    image: postgres\n    environment:\n      PASSWORD: ${DB_PASSWORD?set DB_PASSWORD}\n",
      environment: ["DB_PASSWORD": "x"])
    #expect(set == [])
  }

  @Test func topLevelSectionsHaveTheirTypes() throws {
    let (_, problems) = try problems("services:\n  web:\n    build: ./app\nnetworks: [front]\n")
    #expect(problems.map(\.message) == ["networks must be a mapping or null, found a list"])
  }
}
