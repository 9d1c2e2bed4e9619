import Foundation
import GantryAudit
import GantryCore
import GantryLoad
import GantryTestSupport
import Testing

@Suite struct LayerOrderFixTests {
  func fix(_ text: String, manifests: [String]) -> (String, [String]) {
    let dockerfile = AuditedDockerfile(service: "s", file: "Dockerfile", text: text)
    let (fixed, edits) = LayerOrderFix.apply(dockerfile) { manager in manager.manifests(among: manifests) }
    return (fixed, edits)
  }

  func layerOrderFindings(_ text: String) -> [Finding] {
    DockerfileAudit.findings(AuditedDockerfile(service: "s", file: "Dockerfile", text: text)).filter {
      $0.rule == "layer-order"
    }
  }

  @Test func aPureInstallMovesBeforeTheSourceCopyWithTheSettingsBetween() {
    let text = """
      FROM node:20
      WORKDIR /app
      COPY --chown=node:node . .
      ENV NODE_ENV=production
      RUN --mount=type=cache,target=/root/.npm \\
          npm ci --omit=dev
      RUN npm run build
      """
    let (fixed, edits) = fix(text, manifests: ["package.json", "package-lock.json", "README.md"])
    #expect(
      fixed == """
        FROM node:20
        WORKDIR /app
        COPY --chown=node:node package.json package-lock.json ./
        ENV NODE_ENV=production
        RUN --mount=type=cache,target=/root/.npm \\
            npm ci --omit=dev
        COPY --chown=node:node . .
        RUN npm run build
        """)
    #expect(edits.count == 1)
    #expect(layerOrderFindings(fixed).isEmpty)
    #expect(!layerOrderFindings(text).isEmpty)
  }

  @Test func goGetsADependencyOnlyDownloadBeforeTheCopy() {
    let text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\n"
    let (fixed, _) = fix(text, manifests: ["go.mod", "go.sum"])
    #expect(
      fixed
        == "FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN go build -o /out/app .\n"
    )
    #expect(layerOrderFindings(fixed).isEmpty)
  }

  @Test(arguments: [
    // WORKDIR between: the install would run elsewhere.
    "FROM node:20\nCOPY . /app\nWORKDIR /app\nRUN npm ci\n",
    // The same RUN builds: it needs the source.
    "FROM node:20\nCOPY . .\nRUN npm ci && npm run build\n",
    // pip installs the project itself.
    "FROM python:3.12\nCOPY . .\nRUN pip install -e .\n",
    // A folder copy, not the whole context: the manifests may live elsewhere.
    "FROM node:20\nCOPY web/ ./\nRUN npm ci\n",
    // Another COPY between could feed the install.
    "FROM node:20\nCOPY . .\nCOPY patches/ ./patches/\nRUN npm ci\n",
  ])
  func unsafeReordersAreLeftAlone(_ text: String) {
    let (fixed, edits) = fix(
      text, manifests: ["package.json", "package-lock.json", "requirements.txt", "pyproject.toml"])
    #expect(fixed == text)
    #expect(edits.isEmpty)
  }

  @Test func withoutManifestsInTheContextNothingIsWritten() {
    let text = "FROM node:20\nCOPY . .\nRUN npm ci\n"
    #expect(fix(text, manifests: []).0 == text)
  }
}

@Suite struct AuditFixTests {
  /// A project whose context and Dockerfile have the context and layer-order problems.
  func project() throws -> String {
    let root = try Fixtures.temporaryFolder("audit-fix")
    try Fixtures.write(
      [
        "gantry.yml": "services:\n  web:\n    context: web\n    image: fix/web:1\n",
        "web/Dockerfile": "FROM node:20.11\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"index.js\"]\n",
        "web/package.json": "{}\n",
        "web/package-lock.json": "{}\n",
        "web/index.js": "1\n",
        "web/node_modules/a/index.js": String(repeating: "a", count: 5000),
        "web/.git/HEAD": "ref\n",
        "web/logs/run.log": "x\n",
      ], into: root)
    return root
  }

  func audit(_ root: String) throws -> (ProjectAudit, [ServiceDefinition], AuditResult) {
    let project = try ProjectLoader.load(folder: root)
    let audit = ProjectAudit(
      project: project, sender: InputsContextSender(dialect: .moby), nativePlatform: "linux/amd64", history: [])
    let services = try audit.selected([])
    return (audit, services, audit.run(services))
  }

  @Test func fixMakesTheContextAndLayerOrderFindingsDisappear() throws {
    let root = try project()
    let (_, services, before) = try audit(root)
    let fixable: Set<String> = ["context-no-ignore-file", "context-unread-files", "layer-order"]
    #expect(Set(before.findings.map(\.rule)).isSuperset(of: fixable))

    let edits = try AuditFixer(project: try ProjectLoader.load(folder: root)).apply(
      before, services: services, nativePlatform: "linux/amd64")
    #expect(edits.count == 2)

    let (_, _, after) = try audit(root)
    #expect(after.findings.filter { fixable.contains($0.rule) }.isEmpty, "\(after.findings.map(\.message))")
    let ignore = try String(contentsOfFile: root + "/web/.dockerignore", encoding: .utf8)
    #expect(ignore.contains("node_modules\n") && ignore.contains(".git\n"))
    let dockerfile = try String(contentsOfFile: root + "/web/Dockerfile", encoding: .utf8)
    #expect(dockerfile.contains("COPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"))

    // A second --fix has nothing left to do and changes no file.
    let again = try AuditFixer(project: try ProjectLoader.load(folder: root)).apply(
      after, services: services, nativePlatform: "linux/amd64")
    #expect(again.isEmpty)
    #expect(try String(contentsOfFile: root + "/web/.dockerignore", encoding: .utf8) == ignore)
  }

  @Test func aMissingContextIsAnInputErrorAndTheOtherServicesAreStillAudited() throws {
    let root = try project()
    // The loader refuses a missing context; one that disappears after loading is the audit's to report.
    var project = try ProjectLoader.load(folder: root)
    var gone = project.services[0]
    gone.name = "gone"
    gone.context = Located(root + "/nowhere", at: nil)
    project.services.append(gone)
    let audit = ProjectAudit(
      project: project, sender: InputsContextSender(dialect: .moby), nativePlatform: "linux/amd64", history: [])
    let result = audit.run(project.services)
    #expect(result.inputErrors.count == 1)
    #expect(result.inputErrors.contains { $0.message.contains("nowhere") && $0.message.contains("gone") })
    #expect(result.findings.contains { $0.service == "web" && $0.rule == "layer-order" })
    #expect(result.findings.contains { $0.service == "gone" && $0.rule == "layer-order" })
  }

  @Test func aBinaryDockerfileGivesWarningsNotACrash() throws {
    let root = try project()
    var bytes = [UInt8](repeating: 0, count: 64)
    bytes += Array("\nFROM node\n".utf8) + [0xFF, 0xFE, 0x00, 0x01]
    try Data(bytes).write(to: URL(fileURLWithPath: root + "/web/Dockerfile"))
    let (_, _, result) = try audit(root)
    #expect(result.findings.contains { $0.rule == "unpinned-base-image" && $0.line == 2 })
    #expect(!result.warnings.isEmpty)
  }
}
