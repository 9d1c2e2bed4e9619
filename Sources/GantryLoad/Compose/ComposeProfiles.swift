import Foundation

/// Compose profiles: a service that lists `profiles:` is part of the project only while one of them is
/// active (`--profile`, `COMPOSE_PROFILES`, or `*` for every profile); a service without profiles always is.
struct ComposeProfiles: Hashable {
  var active: Set<String>

  init(active: [String]) {
    self.active = Set(active.filter { !$0.isEmpty })
  }

  /// `COMPOSE_PROFILES=a,b`.
  static func fromEnvironment(_ variables: [String: String]) -> [String] {
    (variables["COMPOSE_PROFILES"] ?? "").split(separator: ",").map {
      String($0).trimmingCharacters(in: .whitespaces)
    }
  }

  func isEnabled(_ service: ServiceLayer) -> Bool {
    let profiles = service.profiles?.value?.values ?? []
    return profiles.isEmpty || active.contains("*") || profiles.contains { active.contains($0) }
  }

  /// The names of the services enabled in `layer`.
  func enabled(_ layer: ComposeLayer) -> Set<String> {
    Set(layer.services.compactMap { entry in entry.overlay.value.flatMap { isEnabled($0) ? entry.name.value : nil } })
  }
}
