/// Every rule the audit knows, with its help text: the single source for the text, JSON and SARIF
/// outputs and for docs/audit.md.
public enum RuleCatalog {
  public static let all: [Rule] = RuleID.allCases.map(rule)

  public static func rule(_ id: RuleID) -> Rule {
    switch id {
    case .contextNoIgnoreFile:
      Rule(
        id: id, category: .context, severity: .warning,
        summary: "The build context has no .dockerignore: every file in it is sent to the builder.",
        help: """
          Without an ignore file the client sends the whole context folder before the first step runs, \
          VCS folders, dependencies and build outputs included, and any change to them invalidates `COPY . .`. \
          Write a .dockerignore (gantry audit --fix writes one that excludes only what no instruction reads).
          """)
    case .contextUnreadFiles:
      Rule(
        id: id, category: .context, severity: .warning,
        summary:
          "The context sends files no instruction needs (VCS folders, node_modules, virtualenvs, build outputs, logs, large binaries).",
        help: """
          These files cost transfer time on every build and, copied by `COPY . .`, invalidate the cache when they \
          change. The finding gives the bytes and files sent now and after the suggested ignore lines, computed with \
          the sending client's own matching rules. --fix appends the lines; it never excludes a file an instruction \
          names.
          """)
    case .layerOrder:
      Rule(
        id: id, category: .layerOrder, severity: .warning,
        summary:
          "The whole source is copied before the dependency install, so any source change reinstalls every dependency.",
        help: """
          Copy the package manager's manifest and lock files first, install, then copy the rest: the install \
          layer is then reused until the manifests change. --fix makes this edit when the install needs nothing \
          else from the source.
          """)
    case .cacheMount:
      Rule(
        id: id, category: .cacheMounts, severity: .note,
        summary: "A package-manager step has no BuildKit cache mount on the tool's cache folder.",
        help: """
          With `RUN --mount=type=cache,target=<the tool's cache>` downloads survive a rebuilt layer: a changed \
          lock file fetches only what changed. The fix names the folder for the tool.
          """)
    case .aptKeepCache:
      Rule(
        id: id, category: .cacheMounts, severity: .warning,
        summary: "apt cache mounts without the keep-cache setting: the image's docker-clean hook empties them.",
        help: """
          Debian and Ubuntu images delete downloaded packages after every install \
          (/etc/apt/apt.conf.d/docker-clean), so a cache mount on /var/cache/apt stays empty. Remove the hook and \
          keep downloads before installing.
          """)
    case .finalStageToolchain:
      Rule(
        id: id, category: .multiStage, severity: .warning,
        summary: "The final stage installs or runs a compiler or build toolchain.",
        help: """
          Compilers and build tools in the shipped image make it larger and slower to push and pull. Build in an \
          earlier stage and copy only the result into a small final stage.
          """)
    case .finalStageFullDistribution:
      Rule(
        id: id, category: .multiStage, severity: .note,
        summary: "The final stage starts from a full distribution or toolchain image, but ships a static binary.",
        help: """
          A statically linked binary needs no distribution: a distroless or scratch final stage holds the binary \
          and nothing else.
          """)
    case .crossCompile:
      Rule(
        id: id, category: .crossCompilation, severity: .warning,
        summary: "A stage compiles for a foreign platform under emulation instead of cross-compiling.",
        help: """
          Without `FROM --platform=$BUILDPLATFORM` every RUN of the stage runs the target platform's binaries \
          under QEMU (compilers 4 to 8 times slower). Go, Rust, C and Swift cross-compile: run the stage on the \
          build platform and pass TARGETOS/TARGETARCH to the compiler.
          """)
    case .unpinnedBase:
      Rule(
        id: id, category: .hygiene, severity: .warning,
        summary: "A base image with no tag or the `latest` tag.",
        help: """
          An unpinned base changes under the build: the cache misses whenever it moves and two builds of the \
          same commit can differ. Pin a version tag (and a digest for reproducible builds).
          """)
    case .aptUpdateSeparate:
      Rule(
        id: id, category: .hygiene, severity: .warning,
        summary: "`apt-get update` in a RUN of its own, apart from the install.",
        help: """
          The cached update layer is reused while the install line changes, so the install reads stale package \
          lists and can fail. Update and install in the same RUN.
          """)
    case .aptNoRecommends:
      Rule(
        id: id, category: .hygiene, severity: .note,
        summary: "`apt-get install` without `--no-install-recommends`.",
        help: "Recommended packages are rarely needed in an image and add size and install time.")
    case .aptListsCleanup:
      Rule(
        id: id, category: .hygiene, severity: .note,
        summary: "apt package lists are left in the layer.",
        help: """
          End the RUN with `rm -rf /var/lib/apt/lists/*`, or keep the lists in a cache mount, so they are not \
          shipped in the image.
          """)
    case .addRemoteURL:
      Rule(
        id: id, category: .hygiene, severity: .warning,
        summary: "ADD of a remote URL.",
        help: """
          ADD downloads on every build without a checksum. Use `ADD --checksum=sha256:…` (newer builders) or \
          download with curl/wget in a RUN and check the sum.
          """)
    case .secretInArgEnv:
      Rule(
        id: id, category: .hygiene, severity: .error,
        summary: "A secret passed through ARG or ENV.",
        help: """
          Build arguments and environment values are kept in the image's history and config, readable by \
          anyone who pulls it. Use `RUN --mount=type=secret,id=…` and read the file in the step that needs it.
          """)
    case .historySlowest:
      Rule(
        id: id, category: .history, severity: .note,
        summary: "One of the slowest services in the recorded builds.",
        help: "From .gantry/history.jsonl: where build time goes, with the findings that apply to that service.")
    case .historyLowCacheHits:
      Rule(
        id: id, category: .history, severity: .note,
        summary: "A service whose builds rarely hit the cache.",
        help: """
          From .gantry/history.jsonl: a low cache hit ratio means steps rerun on most builds; the layer-order, \
          context and cache-mount findings of that service are the usual causes.
          """)
    case .historyGrowth:
      Rule(
        id: id, category: .history, severity: .note,
        summary: "A service whose image grew most across the recorded builds.",
        help:
          "From .gantry/history.jsonl: compare the first and last recorded image sizes; see the multi-stage findings.")
    }
  }
}
