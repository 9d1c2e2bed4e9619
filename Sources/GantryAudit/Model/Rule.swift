/// What a rule is about, for grouping in the text output and in SARIF tags.
public enum RuleCategory: String, Sendable, Hashable, Codable, CaseIterable {
  case context, layerOrder = "layer-order", cacheMounts = "cache-mounts", multiStage = "multi-stage"
  case crossCompilation = "cross-compilation", hygiene, history
}

/// A rule as data: its id, default severity and the help the outputs show.
public struct Rule: Sendable, Hashable {
  public var id: RuleID
  public var category: RuleCategory
  public var severity: Severity
  /// One line, for SARIF's `shortDescription` and the docs' rule list.
  public var summary: String
  /// Why it matters and how to fix it, for SARIF's `help` and `fullDescription`.
  public var help: String
}

/// The rules' stable ids.
public enum RuleID: String, Sendable, Hashable, Codable, CaseIterable {
  case contextNoIgnoreFile = "context-no-ignore-file"
  case contextUnreadFiles = "context-unread-files"
  case layerOrder = "layer-order"
  case cacheMount = "cache-mount"
  case aptKeepCache = "apt-keep-cache"
  case finalStageToolchain = "final-stage-toolchain"
  case finalStageFullDistribution = "final-stage-full-distribution"
  case crossCompile = "cross-compile"
  case unpinnedBase = "unpinned-base-image"
  case aptUpdateSeparate = "apt-update-separate"
  case aptNoRecommends = "apt-no-install-recommends"
  case aptListsCleanup = "apt-lists-cleanup"
  case addRemoteURL = "add-remote-url"
  case secretInArgEnv = "secret-in-arg-env"
  case historySlowest = "history-slowest"
  case historyLowCacheHits = "history-low-cache-hits"
  case historyGrowth = "history-image-growth"

  public var rule: Rule { RuleCatalog.rule(self) }
}
