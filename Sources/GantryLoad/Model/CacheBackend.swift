/// Where a service's build cache lives (`cache:` in the manifest, per service or in `defaults`).
/// The planner expands it into the builder's `--cache-from` / `--cache-to` options (docs/ci.md#cache).
public enum CacheBackend: String, Hashable, Sendable, Codable, CaseIterable {
  /// A cache image next to the service's image: `<image>:buildcache-<os>-<arch>`, exported with `mode=max`.
  case registry
  /// The GitHub Actions cache service, one scope per service and platform.
  case gha
  /// A folder under `.gantry/cache/`, one per service and platform.
  case local
  /// Cache metadata inside the image itself (`type=inline`; `BUILDKIT_INLINE_CACHE=1` with docker build).
  case inline
}
