import GantryCore
import Yams

/// The compose specification's key and type rules for what gantry checks: top-level keys, service keys and
/// build keys, each with the JSON types its schema allows (`compose-spec.json` of the compose-spec
/// repository, the specification `docker compose` v2 implements). A key outside these tables is an unknown
/// key; a value of another type is an error, as `docker compose config` reports them. Nested settings of keys
/// gantry does not read (`deploy`, `healthcheck`, `logging`, …) are not checked further.
enum ComposeSchema {
  /// A JSON schema type. `number` admits whole numbers too.
  enum JSONType: String, CaseIterable, Sendable {
    case string, number, integer, boolean, array, object, null
  }

  static let topLevelKeys: [String: Set<JSONType>] = [
    "version": [.string, .number], "name": [.string], "include": [.array], "services": [.object, .null],
    "networks": [.object, .null], "volumes": [.object, .null], "secrets": [.object, .null],
    "configs": [.object, .null], "models": [.object, .null],
  ]

  /// Service keys. Many booleans and numbers also admit a string, which the specification allows so that
  /// they can be interpolated (`privileged: ${PRIVILEGED:-false}`).
  static let serviceKeys: [String: Set<JSONType>] = [
    "annotations": [.array, .object], "attach": [.boolean, .string], "blkio_config": [.object],
    "build": [.string, .object], "cap_add": [.array], "cap_drop": [.array], "cgroup": [.string],
    "cgroup_parent": [.string], "command": [.null, .string, .array], "configs": [.array],
    "container_name": [.string], "cpu_count": [.integer, .string], "cpu_percent": [.integer, .string],
    "cpu_shares": [.number, .string], "cpu_quota": [.number, .string], "cpu_period": [.number, .string],
    "cpu_rt_period": [.number, .string], "cpu_rt_runtime": [.number, .string], "cpus": [.number, .string],
    "cpuset": [.string], "credential_spec": [.object], "depends_on": [.array, .object],
    "deploy": [.object, .null], "develop": [.object, .null], "device_cgroup_rules": [.array], "devices": [.array],
    "dns": [.string, .array], "dns_opt": [.array], "dns_search": [.string, .array], "domainname": [.string],
    "entrypoint": [.null, .string, .array], "env_file": [.string, .array], "label_file": [.string, .array],
    "environment": [.array, .object], "expose": [.array], "extends": [.string, .object],
    "external_links": [.array], "extra_hosts": [.array, .object], "gpus": [.string, .array],
    "group_add": [.array], "healthcheck": [.object], "hostname": [.string], "image": [.string],
    "init": [.boolean, .string], "ipc": [.string], "isolation": [.string], "labels": [.array, .object],
    "links": [.array], "logging": [.object], "mac_address": [.string], "mem_limit": [.number, .string],
    "mem_reservation": [.integer, .string], "mem_swappiness": [.integer, .string],
    "memswap_limit": [.number, .string], "models": [.array, .object], "network_mode": [.string],
    "networks": [.array, .object], "oom_kill_disable": [.boolean, .string], "oom_score_adj": [.integer, .string],
    "pid": [.string, .null], "pids_limit": [.number, .string], "platform": [.string], "ports": [.array],
    "post_start": [.array], "pre_stop": [.array], "privileged": [.boolean, .string], "profiles": [.array],
    "provider": [.object], "pull_policy": [.string], "pull_refresh_after": [.string],
    "read_only": [.boolean, .string], "restart": [.string], "runtime": [.string], "scale": [.integer, .string],
    "security_opt": [.array], "shm_size": [.number, .string], "secrets": [.array], "sysctls": [.array, .object],
    "stdin_open": [.boolean, .string], "stop_grace_period": [.string], "stop_signal": [.string],
    "storage_opt": [.object], "tmpfs": [.string, .array], "tty": [.boolean, .string], "ulimits": [.object],
    "use_api_socket": [.boolean], "user": [.string], "uts": [.string], "userns_mode": [.string],
    "volumes": [.array], "volumes_from": [.array], "working_dir": [.string],
  ]

  /// Keys of a `build:` mapping.
  static let buildKeys: [String: Set<JSONType>] = [
    "context": [.string], "dockerfile": [.string], "dockerfile_inline": [.string], "args": [.array, .object],
    "ssh": [.array, .object], "labels": [.array, .object], "cache_from": [.array], "cache_to": [.array],
    "no_cache": [.boolean, .string], "additional_contexts": [.array, .object], "network": [.string],
    "pull": [.boolean, .string], "target": [.string], "shm_size": [.integer, .string],
    "extra_hosts": [.array, .object], "isolation": [.string], "privileged": [.boolean, .string],
    "secrets": [.array], "tags": [.array], "ulimits": [.object], "platforms": [.array],
    "entitlements": [.array], "provenance": [.boolean, .string], "sbom": [.boolean, .string],
  ]

  /// The JSON type a YAML node has once compose reads it; nil for a scalar holding `$` (its type is
  /// known only after interpolation, which compose converts where the key needs a number or boolean).
  static func type(of node: Node) -> JSONType? {
    switch node {
    case .mapping: return .object
    case .sequence: return .array
    case .alias: return nil
    case .scalar(let scalar):
      if scalar.string.contains("$") { return nil }
      guard ComposeValues.isPlain(node) else { return .string }
      if node.null != nil { return .null }
      switch scalar.string {
      case "true", "True", "TRUE", "false", "False", "FALSE": return .boolean
      default: break
      }
      let plain = scalar.string.replacingOccurrences(of: "_", with: "")
      if scalar.string.first.map({ $0.isNumber || $0 == "-" || $0 == "+" }) == true,
        ComposeScalar.integer(plain) != nil
      {
        return .integer
      }
      if ComposeScalar.isYAMLFloat(plain) { return .number }
      return .string
    }
  }

  /// True when a node of type `type` is allowed where `allowed` are.
  static func admits(_ allowed: Set<JSONType>, _ type: JSONType?) -> Bool {
    guard let type else { return true }
    return allowed.contains(type) || (type == .integer && allowed.contains(.number))
  }

  /// Keys whose list form is `KEY=VALUE` strings.
  static let keyedKeys: Set<String> = [
    "args", "labels", "environment", "extra_hosts", "sysctls", "additional_contexts", "ssh", "annotations",
  ]

  /// "a string or a mapping"; for `key` of `keyedKeys`, "a mapping or a list of KEY=VALUE".
  static func describe(_ allowed: Set<JSONType>, key: String) -> String {
    if keyedKeys.contains(key), allowed == [.array, .object] { return "a mapping or a list of KEY=VALUE" }
    return describe(allowed)
  }

  /// "a string or a mapping".
  static func describe(_ allowed: Set<JSONType>) -> String {
    let order: [JSONType] = [.string, .number, .integer, .boolean, .array, .object, .null]
    let words = order.filter { allowed.contains($0) && !($0 == .integer && allowed.contains(.number)) }.map(word)
    guard words.count > 2, let last = words.last else { return words.joined(separator: " or ") }
    return words.dropLast().joined(separator: ", ") + " or " + last
  }

  static func word(_ type: JSONType) -> String {
    switch type {
    case .string: "a string"
    case .number: "a number"
    case .integer: "a whole number"
    case .boolean: "true or false"
    case .array: "a list"
    case .object: "a mapping"
    case .null: "null"
    }
  }

  /// How a node is described in "found …".
  static func found(_ node: Node) -> String {
    guard let type = type(of: node) else { return YAMLReader.kind(of: node) }
    switch type {
    case .array, .object, .null: return word(type)
    case .string: return "a string"
    default:
      if case .scalar(let scalar) = node { return "\(word(type)) (\(scalar.string))" }
      return word(type)
    }
  }

  /// Reports value types the specification does not allow: top-level sections, service keys (unknown ones
  /// too, with the nearest known key) and build keys. Checks the file as written, before interpolation.
  static func check(
    _ top: [(key: Located<String>, value: Node)], file: String, into diagnostics: inout DiagnosticCollector
  ) {
    // A reader of its own: shape problems (a service that is not a mapping) are the file reader's to report.
    var reader = YAMLReader(file: file)
    for (key, value) in top {
      guard let allowed = topLevelKeys[key.value], key.value != "version" else { continue }
      if !admits(allowed, type(of: value)) {
        diagnostics.error(
          "\(key.value) must be \(describe(allowed)), found \(found(value))", at: reader.location(of: value),
          hint: "see the compose specification for the \(key.value) section")
      }
    }
    guard let services = top.first(where: { $0.key.value == "services" })?.value, case .mapping = services else {
      return
    }
    for (name, service) in reader.mapping(services, what: "services") ?? [] {
      guard case .mapping = service else { continue }
      for (key, value) in reader.mapping(service, what: "service") ?? [] where !key.value.hasPrefix("x-") {
        guard let allowed = serviceKeys[key.value] else {
          diagnostics.error(
            "unknown key '\(key.value)' in service '\(name.value)'", at: key.location,
            hint: Suggestion.hint(for: key.value, in: serviceKeys.keys.sorted(), noun: "service keys"))
          continue
        }
        if !admits(allowed, type(of: value)) {
          diagnostics.error(
            "\(key.value) of service '\(name.value)' must be \(describe(allowed, key: key.value)), found \(found(value))",
            at: reader.location(of: value), hint: hint(for: key.value))
          continue
        }
        guard key.value == "build", case .mapping = value else { continue }
        for (buildKey, buildValue) in reader.mapping(value, what: "build") ?? [] {
          guard let allowed = buildKeys[buildKey.value], !admits(allowed, type(of: buildValue)) else { continue }
          diagnostics.error(
            "build.\(buildKey.value) of service '\(name.value)' must be \(describe(allowed, key: buildKey.value)), "
              + "found \(found(buildValue))",
            at: reader.location(of: buildValue), hint: hint(for: buildKey.value))
        }
      }
    }
  }

  static func hint(for key: String) -> String {
    switch key {
    case "build": "write build: ./folder, or a mapping with context:, dockerfile:, args:"
    case "ports", "expose": "write a list: \(key): [\"8080:80\"]"
    default: "see the compose specification for \(key)"
    }
  }
}
