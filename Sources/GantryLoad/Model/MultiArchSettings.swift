import GantryCore

/// A compiler family whose cross-compilation variables gantry passes as build arguments per target
/// platform (the table is in docs/multi-arch.md).
public struct Toolchain: Hashable, Sendable {
  public enum Name: String, Hashable, Sendable, CaseIterable {
    case go, rust, c, cpp, swift
  }

  /// The C library a Rust target links against.
  public enum Libc: String, Hashable, Sendable, CaseIterable {
    case gnu, musl
  }

  public var name: Name
  public var libc: Libc

  public init(_ name: Name, libc: Libc = .gnu) {
    self.name = name
    self.libc = libc
  }
}

/// Whether a service with several platforms becomes one job per platform (`split:`).
public enum SplitMode: String, Hashable, Sendable, CaseIterable {
  /// Per-platform jobs when the platforms go to different builders, need different arguments, or
  /// must be loaded into an engine one platform at a time; otherwise one multi-platform build.
  case auto
  /// One job per platform whenever there are several.
  case always
  /// One multi-platform build, always.
  case never
}

/// A service's multi-platform settings (`toolchain`, `split`, `args_by_platform`, `push`), from
/// `defaults` and the service; unset fields fall back to `defaults`.
public struct MultiArchSettings: Hashable, Sendable {
  public var toolchain: Located<Toolchain>?
  public var split: SplitMode?
  /// Extra build arguments per platform, over every other argument.
  public var argsByPlatform: [Platform: [String: String]]
  /// Where `args_by_platform` was written, for messages about it.
  public var argsByPlatformLocation: SourceLocation?
  /// Push the image to its registry instead of loading it into the engine.
  public var push: Bool?

  public init() {
    self.toolchain = nil
    self.split = nil
    self.argsByPlatform = [:]
    self.argsByPlatformLocation = nil
    self.push = nil
  }

  /// These settings with every unset field taken from `fallback`; `args_by_platform` is merged
  /// per platform, these values winning.
  public func over(_ fallback: MultiArchSettings) -> MultiArchSettings {
    var merged = self
    merged.toolchain = toolchain ?? fallback.toolchain
    merged.split = split ?? fallback.split
    merged.push = push ?? fallback.push
    merged.argsByPlatform = fallback.argsByPlatform
    for (platform, args) in argsByPlatform {
      merged.argsByPlatform[platform, default: [:]].merge(args) { _, new in new }
    }
    merged.argsByPlatformLocation = argsByPlatformLocation ?? fallback.argsByPlatformLocation
    return merged
  }
}
