import GantryCore

/// What one compose file says about builds, before it is merged with the other files.
/// Values are interpolated; paths are still as written.
struct ComposeLayer {
  var name: Overlay<Located<String>>?
  /// Services in the order they first appear.
  var services: [(name: Located<String>, overlay: Overlay<ServiceLayer>)] = []
  var secrets: [String: Overlay<SecretLayer>] = [:]

  /// `later` merged over this file, per the compose merge rules.
  func merged(with later: ComposeLayer) -> ComposeLayer {
    var result = self
    result.name = Overlay.merge(name, later.name)
    for service in later.services {
      if let index = result.services.firstIndex(where: { $0.name.value == service.name.value }) {
        let merged = Overlay.merge(result.services[index].overlay, service.overlay)
        result.services[index].overlay = merged ?? service.overlay
      } else {
        result.services.append(service)
      }
    }
    for (id, secret) in later.secrets {
      result.secrets[id] = Overlay.merge(secrets[id], secret)
    }
    return result
  }
}

/// The parts of a service gantry reads: its image name, build section, platform, profiles, the service it
/// extends and the services it depends on.
struct ServiceLayer: OverlayMergeable {
  var name: Located<String>
  var image: Overlay<Located<String>>?
  var build: Overlay<BuildLayer>?
  /// `platform:`, the platform the service runs on (and is built for, unless `build.platforms` says more).
  var platform: Overlay<Located<String>>?
  var profiles: Overlay<ComposeList>?
  var extends: Overlay<ExtendsLayer>?
  /// The services named by `depends_on` (short or long form), only to check that they exist.
  var dependsOn: Overlay<ComposeList>?

  init(name: Located<String>) {
    self.name = name
  }

  func merged(with later: ServiceLayer) -> ServiceLayer {
    var result = self
    result.image = Overlay.merge(image, later.image)
    result.build = Overlay.merge(build, later.build)
    result.platform = Overlay.merge(platform, later.platform)
    result.profiles = Overlay.merge(profiles, later.profiles)
    result.extends = Overlay.merge(extends, later.extends)
    result.dependsOn = Overlay.merge(dependsOn, later.dependsOn)
    return result
  }
}

/// `extends: NAME` or `extends: {service: NAME, file: PATH}`.
struct ExtendsLayer: OverlayMergeable {
  var service: Located<String>
  /// As written; relative to `folder`.
  var file: Located<String>?
  /// The folder of the file that says `extends`, against which `file` resolves.
  var folder: String

  /// A later `extends` replaces the earlier one.
  func merged(with later: ExtendsLayer) -> ExtendsLayer { later }
}

/// A service's `build:` section; the string form `build: PATH` is `context: PATH`.
struct BuildLayer: OverlayMergeable {
  /// Where `build:` is written.
  var location: SourceLocation?
  var context: Overlay<Located<String>>?
  var dockerfile: Overlay<Located<String>>?
  var dockerfileInline: Overlay<Located<String>>?
  var target: Overlay<Located<String>>?
  var network: Overlay<Located<String>>?
  var args: Overlay<KeyedValues>?
  var labels: Overlay<KeyedValues>?
  var additionalContexts: Overlay<KeyedValues>?
  var ssh: Overlay<KeyedValues>?
  var tags: Overlay<ComposeList>?
  var platforms: Overlay<ComposeList>?
  var cacheFrom: Overlay<ComposeList>?
  var cacheTo: Overlay<ComposeList>?
  var secrets: Overlay<SecretUses>?

  init(location: SourceLocation?) {
    self.location = location
  }

  func merged(with later: BuildLayer) -> BuildLayer {
    var result = self
    result.context = Overlay.merge(context, later.context)
    result.dockerfile = Overlay.merge(dockerfile, later.dockerfile)
    result.dockerfileInline = Overlay.merge(dockerfileInline, later.dockerfileInline)
    result.target = Overlay.merge(target, later.target)
    result.network = Overlay.merge(network, later.network)
    result.args = Overlay.merge(args, later.args)
    result.labels = Overlay.merge(labels, later.labels)
    result.additionalContexts = Overlay.merge(additionalContexts, later.additionalContexts)
    result.ssh = Overlay.merge(ssh, later.ssh)
    result.tags = Overlay.merge(tags, later.tags)
    result.platforms = Overlay.merge(platforms, later.platforms)
    result.cacheFrom = Overlay.merge(cacheFrom, later.cacheFrom)
    result.cacheTo = Overlay.merge(cacheTo, later.cacheTo)
    result.secrets = Overlay.merge(secrets, later.secrets)
    return result
  }
}

/// A build's use of a top-level secret: `- id` or `- {source: id, target: name}`.
struct SecretUse: Hashable {
  var source: Located<String>
  var target: String?

  /// The id the builder sees (`RUN --mount=type=secret,id=…`): the target when given, else the source.
  var id: String { target ?? source.value }
}

/// A build's secrets: a later use with the same id replaces the earlier one.
struct SecretUses: OverlayMergeable {
  var uses: [SecretUse]

  func merged(with later: SecretUses) -> SecretUses {
    var result = self
    for use in later.uses {
      if let index = result.uses.firstIndex(where: { $0.id == use.id }) {
        result.uses[index] = use
      } else {
        result.uses.append(use)
      }
    }
    return result
  }
}

/// A top-level secret definition: where its value comes from.
struct SecretLayer: OverlayMergeable {
  /// Where the secret's name is written.
  var location: SourceLocation?
  var file: Overlay<Located<String>>?
  var environment: Overlay<Located<String>>?
  /// `external: true`: managed by the platform, not available to a local build.
  var external: Overlay<Located<String>>?

  func merged(with later: SecretLayer) -> SecretLayer {
    SecretLayer(
      location: later.location ?? location, file: Overlay.merge(file, later.file),
      environment: Overlay.merge(environment, later.environment), external: Overlay.merge(external, later.external))
  }
}
