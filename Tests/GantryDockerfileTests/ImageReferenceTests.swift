import GantryCore
import Testing

/// `ImageReference` accepts what Docker's reference grammar accepts and compares as Docker compares.
/// (GantryCore has no test target of its own; the Dockerfile tests are its nearest reader.)
@Suite struct ImageReferenceTests {
  @Test(arguments: [
    "x___y", "x..y", "x._y", "-x", "x-", "x_", "_x", "X", "acme/Api", "foo:bar/x", "x:-tag", "x:.tag", "x:",
    "x@sha256:abc", "x@", "x@sha256:" + String(repeating: "g", count: 64), "", "a b", "a/ b", "/x", "x/", "a//b",
    "host-/x", "-host.io/x", "[::1/x", "x:" + String(repeating: "t", count: 129),
  ])
  func refused(_ text: String) {
    #expect(ImageReference(text) == nil, "\(text) should be refused")
  }

  @Test func namesOver255CharactersAreRefused() {
    let path = "acme/" + String(repeating: "a", count: 251)
    #expect(ImageReference(path) == nil)
    #expect(ImageReference(String(path.dropLast(1))) != nil)
    // The tag does not count toward the name's length.
    #expect(ImageReference(String(path.dropLast(1)) + ":" + String(repeating: "t", count: 128)) != nil)
  }

  @Test func bareImageIDIsRefused() {
    let id = String(repeating: "0123456789abcdef", count: 4)
    #expect(ImageReference(id) == nil)
    #expect(ImageReference("acme/" + id) != nil)
  }

  @Test(arguments: [
    "x", "x__y", "x_y", "x.y", "x--y", "x---y", "a/b/c", "localhost/x", "LOCALHOST/x", "localhost:5000/x:1",
    "Registry.Example.com/x", "[::1]:5000/x", "192.168.0.1:5000/a/b", "x:Latest_1.0-rc", "x:_t",
    "x@sha256:" + String(repeating: "a", count: 64), "x:1@sha256:" + String(repeating: "A", count: 64),
    "x@multihash+base58:" + String(repeating: "0", count: 32),
  ])
  func accepted(_ text: String) {
    #expect(ImageReference(text) != nil, "\(text) should be accepted")
  }

  @Test func capitalFirstComponentIsARegistry() {
    // Docker's splitDockerDomain: a first component with a capital letter is a registry host.
    let reference = ImageReference("LOCALHOST/x")
    #expect(reference?.registry == "LOCALHOST")
    #expect(reference?.repository == "x")
    #expect(reference != ImageReference("localhost/x"))
  }

  @Test(arguments: [
    ("x", "docker.io/library/x:latest"), ("library/x:latest", "docker.io/library/x:latest"),
    ("docker.io/x", "docker.io/library/x:latest"), ("index.docker.io/x", "docker.io/library/x:latest"),
    ("registry-1.docker.io/x", "registry-1.docker.io/x:latest"), ("acme/api:1", "docker.io/acme/api:1"),
    (
      "ghcr.io/a/b@sha256:" + String(repeating: "f", count: 64),
      "ghcr.io/a/b@sha256:" + String(repeating: "f", count: 64)
    ),
  ])
  func normalisedAsDockerDoes(_ text: String, _ normalized: String) {
    #expect(ImageReference(text)?.normalized == normalized)
  }

  @Test func onlyIndexDockerIOIsDockerHub() {
    #expect(ImageReference("docker.io/x") == ImageReference("index.docker.io/library/x"))
    #expect(ImageReference("registry-1.docker.io/library/x") != ImageReference("x"))
  }
}
