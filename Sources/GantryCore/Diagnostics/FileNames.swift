/// Names derived from job ids for files on disk.
public enum FileNames {
  /// The id with every character outside `A-Z a-z 0-9 . _ - @ +` replaced by `_`
  /// (`api@linux/arm64` → `api@linux_arm64`), never empty, never `.` or `..`.
  public static func safe(_ id: String) -> String {
    var name = String(
      String.UnicodeScalarView(
        id.unicodeScalars.map { scalar in
          scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
              || "._-@+".unicodeScalars.contains(scalar))
            ? scalar : "_"
        }))
    if name.isEmpty || name == "." || name == ".." { name = "_" + name }
    return name
  }
}
