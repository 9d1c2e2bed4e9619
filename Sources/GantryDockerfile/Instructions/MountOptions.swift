/// The fields of one `RUN --mount=` value that matter for image references.
struct MountOptions {
  /// The value of a `key=value` field.
  struct Field {
    var value: ArraySlice<UInt8>
    /// The index in the flag's text where the value starts.
    var valueIndex: Int
  }

  /// The last `type=` field.
  private(set) var type: Field?
  /// The last `from=` field.
  private(set) var from: Field?
  /// Fields without `=` other than the flags BuildKit allows alone (`readonly`, `ro`, `readwrite`, `rw`, `required`).
  private(set) var bareFields: [ArraySlice<UInt8>] = []

  private static let flagFields: [StaticString] = ["readonly", "ro", "readwrite", "rw", "required"]

  /// Reads the flag's value as CSV (`"…"` fields, `""` for a quote), keeping `type` and `from` in any case.
  init(_ flag: BuilderFlag) {
    guard let value = flag.value else { return }
    let text = flag.text
    var index = value.startIndex
    while index <= text.endIndex {
      if index < text.endIndex, text[index] == Byte.doubleQuote {
        index = quotedField(text, from: index)
      } else {
        let start = index
        while index < text.endIndex, text[index] != Byte.comma { index += 1 }
        record(text[start..<index], contentStart: start)
      }
      index += 1
    }
  }

  /// Reads the quoted field starting at `start` and returns the index of the comma (or end) after it.
  private mutating func quotedField(_ text: ArraySlice<UInt8>, from start: Int) -> Int {
    var field: [UInt8] = []
    var index = start + 1
    while index < text.endIndex {
      if text[index] == Byte.doubleQuote {
        if index + 1 < text.endIndex, text[index + 1] == Byte.doubleQuote {
          field.append(Byte.doubleQuote)
          index += 2
          continue
        }
        index += 1
        break
      }
      field.append(text[index])
      index += 1
    }
    while index < text.endIndex, text[index] != Byte.comma { index += 1 }
    record(field[...], contentStart: start + 1)
    return index
  }

  /// Keeps `field` when its key is `type` or `from`; `contentStart` is where it starts in the flag's text.
  private mutating func record(_ field: ArraySlice<UInt8>, contentStart: Int) {
    guard let equals = field.firstIndex(of: Byte.equals) else {
      if !field.isEmpty, !Self.flagFields.contains(where: { field.equalsIgnoringCase($0) }) { bareFields.append(field) }
      return
    }
    let key = field[field.startIndex..<equals]
    let entry = Field(value: field[(equals + 1)...], valueIndex: contentStart + (equals + 1 - field.startIndex))
    if key.equalsIgnoringCase("from") {
      from = entry
    } else if key.equalsIgnoringCase("type") {
      type = entry
    }
  }
}
