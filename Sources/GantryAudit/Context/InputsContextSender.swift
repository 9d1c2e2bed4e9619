import Foundation
import GantryCore
import GantryInputs

/// The context as the sending client sends it, with GantryInputs' exact ignore matcher and walk.
public struct InputsContextSender: ContextSender {
  public var dialect: IgnoreDialect
  /// The stat cache folder, so files hashed once are not hashed again; nil for none.
  public var cacheFolder: String?

  public init(dialect: IgnoreDialect, cacheFolder: String? = nil) {
    self.dialect = dialect
    self.cacheFolder = cacheFolder
  }

  public func sent(root: String, ignoreText: [UInt8]?) throws -> [SentEntry] {
    let rules =
      try ignoreText.map { try IgnoreRules($0, file: root + "/.dockerignore", dialect: dialect) }
      ?? .none(dialect: dialect)
    let set = try ContextFileSet.scan(root: root, rules: rules, cache: cacheFolder.map { StatCache(folder: $0) })
    return set.entries.map { SentEntry(path: $0.path, isDirectory: $0.kind == .directory, size: $0.size) }
  }

  /// The snapshot of a context: its ignore file (`<Dockerfile>.dockerignore` first) and what is sent.
  public func snapshot(root: String, dockerfile: String?) throws -> ContextSnapshot {
    let path = IgnoreFileLocator.path(context: root, dockerfile: dockerfile)
    let text = path.flatMap { FileManager.default.contents(atPath: $0).map { [UInt8]($0) } }
    if path != nil, text == nil { throw ContextError.unreadable(path: path ?? root, reason: "cannot be read") }
    return ContextSnapshot(root: root, ignoreFile: path, ignoreText: text, sent: try sent(root: root, ignoreText: text))
  }
}
