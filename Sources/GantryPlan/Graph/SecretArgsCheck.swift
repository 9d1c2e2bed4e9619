import GantryCore
import GantryLoad

/// Warns about build arguments that look like secrets: build arguments are kept in the image's
/// history, where anyone who pulls the image can read them.
enum SecretArgsCheck {
  /// Words that make a name a secret's (`API_KEY`, `NPM_TOKEN`, `dbPassword`), upper-cased.
  ///
  /// A name is split into words at `_`, `-`, `.` and lower-to-upper case changes, and matches when
  /// one of its words is in the list: `DOCKER_HARDENED_IMAGES_KEYRING_VERSION` has `KEYRING`, not
  /// `KEY`, and is not a secret. Joined forms (`APIKEY`) are listed as words of their own.
  static let secretWords: Set<String> = [
    "TOKEN", "TOKENS", "PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PASSPHRASE", "SECRET", "SECRETS", "KEY",
    "CREDENTIAL", "CREDENTIALS", "CREDS", "PAT", "APIKEY", "ACCESSKEY", "SECRETKEY", "PRIVATEKEY", "AUTHTOKEN",
    "ACCESSTOKEN",
  ]

  static func warn(_ service: ServiceDefinition, into diagnostics: inout DiagnosticCollector) {
    for name in service.args.keys.sorted() where looksSecret(name) {
      let id = name.lowercased()
      diagnostics.warning(
        "build argument '\(name)' of service '\(service.name)' looks like a secret: its value is kept in the image's history",
        at: service.location,
        hint:
          "pass it as a secret (secrets: {\(id): {env: \(name)}}) and read it with RUN --mount=type=secret,id=\(id); gantry prints it as \(Redaction.mask)"
      )
    }
  }

  /// True when one of the name's words is in `secretWords`.
  static func looksSecret(_ name: String) -> Bool {
    words(of: name).contains { secretWords.contains($0) }
  }

  /// The name's words, upper-cased: split at non-alphanumerics and where a lower-case letter or
  /// digit is followed by a capital (`npmAuthToken` → NPM, AUTH, TOKEN).
  static func words(of name: String) -> [String] {
    var words: [String] = []
    var current = ""
    var previousIsLowerOrDigit = false
    for character in name {
      guard character.isLetter || character.isNumber else {
        if !current.isEmpty { words.append(current.uppercased()) }
        current = ""
        previousIsLowerOrDigit = false
        continue
      }
      if character.isUppercase, previousIsLowerOrDigit, !current.isEmpty {
        words.append(current.uppercased())
        current = ""
      }
      current.append(character)
      previousIsLowerOrDigit = character.isLowercase || character.isNumber
    }
    if !current.isEmpty { words.append(current.uppercased()) }
    return words
  }
}
