import Testing

@testable import GantryPlan

/// The secret-argument warning matches whole words of the name, from `SecretArgsCheck.secretWords`.
@Suite struct SecretArgsCheckTests {
  @Test(arguments: [
    "API_KEY", "NPM_TOKEN", "DB_PASSWORD", "AWS_SECRET_ACCESS_KEY", "GITHUB_PAT", "npmAuthToken", "db-passwd",
    "SSH_PRIVATE_KEY", "APIKEY", "sentry.auth.token", "REGISTRY_CREDENTIALS", "MYSQL_ROOT_PASS", "GPG_PASSPHRASE",
  ])
  func secretNames(_ name: String) {
    #expect(SecretArgsCheck.looksSecret(name))
  }

  @Test(arguments: [
    "DOCKER_HARDENED_IMAGES_KEYRING_VERSION", "MONKEY_VERSION", "KEYBOARD_LAYOUT", "TOKENIZER_MODEL",
    "PASSENGER_VERSION", "SECRETARY_NAME", "PATH", "COMPASS_URL", "PATCH_LEVEL", "NODE_VERSION", "BASE_IMAGE",
    "KEYCLOAK_VERSION", "BYPASS_CACHE",
  ])
  func ordinaryNames(_ name: String) {
    #expect(!SecretArgsCheck.looksSecret(name))
  }

  @Test func wordsSplitAtSeparatorsAndCaseChanges() {
    #expect(SecretArgsCheck.words(of: "npmAuthToken") == ["NPM", "AUTH", "TOKEN"])
    #expect(SecretArgsCheck.words(of: "AWS_SECRET-access.KEY") == ["AWS", "SECRET", "ACCESS", "KEY"])
    #expect(SecretArgsCheck.words(of: "HTTPProxy2Key") == ["HTTPPROXY2", "KEY"])
  }

  @Test func everyListedWordIsUpperCaseAndAWordOfItsOwn() {
    for word in SecretArgsCheck.secretWords {
      #expect(word == word.uppercased())
      #expect(SecretArgsCheck.words(of: word) == [word])
    }
  }
}
