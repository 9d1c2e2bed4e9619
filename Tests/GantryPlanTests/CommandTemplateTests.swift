import GantryLoad
import Testing

@testable import GantryPlan

/// `backend: {command: [...]}` templates: parsing, every placeholder, dropped elements, literal braces.
@Suite struct CommandTemplateTests {
  /// A job with everything set.
  static let full = CommandTemplate.Values(
    service: "api", context: "go/api", dockerfile: "go/api/Dockerfile", tags: ["acme/api", "acme/api:1"],
    target: "runtime", platforms: ["linux/amd64", "linux/arm64"], args: ["B": "2", "A": "a b"],
    labels: ["team": "core", "app": "api"], iidfile: ".gantry/runs/r1/iid/api.iid")
  /// A job with nothing optional set.
  static let bare = CommandTemplate.Values(service: "web", context: ".", dockerfile: "-", tags: ["web"])

  static func expand(_ element: String, _ values: CommandTemplate.Values) throws -> [String] {
    Array(try CommandTemplate(argv: ["b", element]).expand(values).dropFirst())
  }

  @Test(arguments: [
    ("{service}", ["api"], ["web"]),
    ("{context}", ["go/api"], ["."]),
    ("{dockerfile}", ["go/api/Dockerfile"], ["-"]),
    ("{image}", ["acme/api"], ["web"]),
    ("{target}", ["runtime"], []),
    ("{platforms}", ["linux/amd64,linux/arm64"], []),
    ("{iidfile}", [".gantry/runs/r1/iid/api.iid"], []),
    ("--tag={image}", ["--tag=acme/api"], ["--tag=web"]),
    ("--target={target}", ["--target=runtime"], ["--target="]),
    ("{service}:{target}@{platforms}", ["api:runtime@linux/amd64,linux/arm64"], ["web:@"]),
    ("{target}{platforms}", ["runtimelinux/amd64,linux/arm64"], []),
    ("{tag-flags}", ["-t", "acme/api", "-t", "acme/api:1"], ["-t", "web"]),
    ("{build-arg-flags}", ["--build-arg", "A=a b", "--build-arg", "B=2"], []),
    ("{label-flags}", ["--label", "app=api", "--label", "team=core"], []),
    ("{platform-flags}", ["--platform", "linux/amd64,linux/arm64"], []),
    ("{target-flags}", ["--target", "runtime"], []),
    ("{iidfile-flags}", ["--iidfile", ".gantry/runs/r1/iid/api.iid"], []),
    ("{{image}}", ["{image}"], ["{image}"]),
    ("{{{image}}}", ["{acme/api}"], ["{web}"]),
    ("--opt={{\"a\": 1}}", ["--opt={\"a\": 1}"], ["--opt={\"a\": 1}"]),
    ("plain", ["plain"], ["plain"]),
    ("", [""], [""]),
  ])
  func placeholder(element: String, full: [String], bare: [String]) throws {
    #expect(try Self.expand(element, Self.full) == full)
    #expect(try Self.expand(element, Self.bare) == bare)
  }

  @Test func aWholeTemplate() throws {
    let template = try CommandTemplate(
      argv: [
        "podman", "build", "{tag-flags}", "{build-arg-flags}", "{target-flags}", "{platform-flags}", "-f",
        "{dockerfile}", "--iidfile", "{iidfile}", "{context}",
      ],
      env: ["BUILDAH_FORMAT": "docker"])
    #expect(template.env == ["BUILDAH_FORMAT": "docker"])
    #expect(
      template.expand(Self.bare) == ["podman", "build", "-t", "web", "-f", "-", "--iidfile", "."])
    #expect(
      template.uses(.tagFlags) && template.uses(.iidfile) && !template.uses(.labelFlags) && !template.uses(.image))
  }

  @Test func valuesArePassedAsTheyAre() throws {
    var values = Self.bare
    values.args = ["CMD": "$(touch /tmp/x) `id` 'q' \"d\" ; | &"]
    values.tags = ["it's {image}"]
    let argv = try CommandTemplate(argv: ["b", "{build-arg-flags}", "--tag={image}"]).expand(values)
    #expect(argv == ["b", "--build-arg", "CMD=$(touch /tmp/x) `id` 'q' \"d\" ; | &", "--tag=it's {image}"])
  }

  @Test(arguments: [
    (
      ["podman", "{tag}"], 1, "unknown placeholder {tag} in '{tag}'",
      "did you mean {image} (the first tag) or {tag-flags}?"
    ),
    (["podman", "{platform}"], 1, "unknown placeholder {platform} in '{platform}'", "did you mean {platforms}?"),
    (["podman", "{zzz}"], 1, "unknown placeholder {zzz} in '{zzz}'", "known placeholders: {service}, {context}"),
    (["podman", "--x={imgae}"], 1, "unknown placeholder {imgae} in '--x={imgae}'", "did you mean {image}?"),
    (["podman", "{ image }"], 1, "unknown placeholder { image } in '{ image }'", "did you mean {image}?"),
    (
      ["podman", "-t{tag-flags}"], 1, "{tag-flags} expands to several arguments and must be an element on its own",
      "write '{tag-flags}'"
    ),
    (["podman", "a}b"], 1, "a lone '}' in 'a}b'", "write '}}'"),
    (["podman", "x", "{image"], 2, "an unclosed '{' in '{image'", "write '{{'"),
    (["{service}", "build"], 0, "the first element of the command template must be the program", "start with"),
    (["", "build"], 0, "the first element of the command template must be the program", "start with"),
  ])
  func problems(argv: [String], index: Int, message: String, hint: String) throws {
    let problems = CommandTemplate.problems(in: argv)
    #expect(problems.count == 1, "\(problems)")
    #expect(problems.first?.index == index)
    #expect(problems.first?.message.hasPrefix(message) == true, "\(problems)")
    #expect(problems.first?.hint?.hasPrefix(hint) == true, "\(problems)")
    #expect(throws: CommandTemplate.Problem.self) { try CommandTemplate(argv: argv) }
  }

  @Test func anUnknownPlaceholderListsTheKnownOnes() {
    let hint = CommandTemplate.problems(in: ["podman", "{frobnicate}"]).first?.hint ?? ""
    for name in CommandTemplate.placeholderNames { #expect(hint.contains(name)) }
    #expect(hint.contains("{{ and }}"))
  }

  @Test func everyProblemIsFoundAndAnEmptyTemplateIsOne() {
    #expect(CommandTemplate.problems(in: ["podman", "{a}", "ok", "{b}"]).map(\.index) == [1, 3])
    #expect(CommandTemplate.problems(in: []).map(\.index) == [nil])
    #expect(CommandTemplate.problems(in: []).first?.message == "the command template is empty")
  }
}
