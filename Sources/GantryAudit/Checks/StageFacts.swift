import GantryDockerfile

/// Facts about instructions that several checks share.
enum Facts {
  /// True for `COPY`/`ADD` reading the default context (no `--from`).
  static func copiesFromContext(_ instruction: Instruction) -> Bool {
    (instruction.keyword == "COPY" || instruction.keyword == "ADD") && instruction.flag("from") == nil
  }

  /// The sources of a `COPY`/`ADD` (every argument word but the destination); heredocs left out.
  static func sources(_ instruction: Instruction) -> [Instruction.Word] {
    instruction.words.dropLast().filter { !$0.text.hasPrefix("<<") }
  }

  /// The destination of a `COPY`/`ADD`.
  static func destination(_ instruction: Instruction) -> String? {
    instruction.words.count >= 2 ? instruction.words.last?.text : nil
  }

  /// A source that copies the whole source tree: `.`, `./`, `*`, `/`, or a folder (`src/`).
  static func isWholeSource(_ source: String) -> Bool {
    let trimmed = source.hasPrefix("./") ? String(source.dropFirst(2)) : source
    return ["", ".", "*", "/", "./", "/.", ".*"].contains(trimmed) || ["", "."].contains(source)
      || (source.hasSuffix("/") && !source.hasPrefix("$"))
  }

  /// The mount targets of `--mount=type=cache` flags.
  static func cacheTargets(_ instruction: Instruction) -> [String] {
    instruction.flags("mount").compactMap { flag in
      let fields = flag.mountFields
      guard fields["type"] == "cache" else { return nil }
      return fields["target"] ?? fields["dst"] ?? fields["destination"]
    }
  }

  /// The `--mount` flag words to write for cache targets.
  static func mountFlags(_ paths: [String]) -> String {
    paths.map { "--mount=type=cache,target=\($0)" }.joined(separator: " ")
  }

  static func commands(_ instruction: Instruction) -> [ShellCommand] {
    instruction.keyword == "RUN" ? Shell.commands(instruction.shellText) : []
  }

  /// `apt-get`/`apt` commands with subcommand `sub`.
  static func apt(_ commands: [ShellCommand], _ sub: String) -> [ShellCommand] {
    commands.filter { ($0.program == "apt-get" || $0.program == "apt") && $0.subcommand == sub }
  }

  /// One line of an instruction for evidence, shortened.
  static func excerpt(_ instruction: Instruction) -> String {
    var text = instruction.keyword
    for flag in instruction.flags { text += " --" + flag.name + (flag.value.map { "=" + $0 } ?? "") }
    text += " " + instruction.arguments
    let collapsed = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    return collapsed.count > 160 ? String(collapsed.prefix(157)) + "..." : collapsed
  }

  /// Compiler and build-tool commands: what a final stage should not run, and what emulation slows.
  static func compiles(_ command: ShellCommand) -> String? {
    switch command.program {
    case "go": return ["build", "install"].contains(command.subcommand ?? "") ? "go" : nil
    case "cargo": return ["build", "install"].contains(command.subcommand ?? "") ? "rust" : nil
    case "rustc": return "rust"
    case "gcc", "g++", "cc", "c++", "clang", "clang++", "make", "cmake", "ninja": return "c"
    case "swift", "swiftc": return command.program == "swiftc" || command.subcommand == "build" ? "swift" : nil
    case "mvn", "mvnw", "gradle", "gradlew", "javac": return "java"
    default: return nil
    }
  }

  /// Packages that are compilers or build toolchains.
  static let toolchainPackages: Set<String> = [
    "build-essential", "gcc", "g++", "clang", "make", "cmake", "golang", "golang-go", "rustc", "cargo",
    "default-jdk", "openjdk-17-jdk", "openjdk-21-jdk", "maven", "gradle", "musl-dev", "build-base", "libc-dev",
  ]

  /// Toolchain packages an install command adds (`apt-get install`, `apk add`, `dnf/yum install`).
  static func toolchainPackages(in command: ShellCommand) -> [String] {
    let installs =
      ((command.program == "apt-get" || command.program == "apt") && command.subcommand == "install")
      || (command.program == "apk" && command.subcommand == "add")
      || (["dnf", "yum", "microdnf"].contains(command.program) && command.subcommand == "install")
    guard installs else { return [] }
    return command.arguments.filter {
      toolchainPackages.contains($0.split(separator: "=").first.map(String.init) ?? $0)
    }
  }

  /// The repository name's last component and the tag of an image reference (`a/b:1` → `b`, `1`).
  static func imageName(_ reference: String) -> (name: String, tag: String?, digest: Bool) {
    var rest = reference
    var digest = false
    if let at = rest.firstIndex(of: "@") {
      digest = true
      rest = String(rest[..<at])
    }
    let lastPart = rest.split(separator: "/").last.map(String.init) ?? rest
    let pieces = lastPart.split(separator: ":", maxSplits: 1).map(String.init)
    return (pieces.first ?? lastPart, pieces.count > 1 ? pieces[1] : nil, digest)
  }

  /// Bases that are a full distribution or a toolchain image.
  static let fullDistributions: Set<String> = [
    "debian", "ubuntu", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "archlinux", "opensuse",
    "golang", "rust", "gcc", "node", "python", "openjdk", "eclipse-temurin", "maven", "gradle", "swift",
    "buildpack-deps",
  ]
}
