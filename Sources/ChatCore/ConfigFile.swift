/// The config file's syntax: `key = value` per line, `#` starts a comment line,
/// blank lines ignored, keys as in `SettingKey`; LF or CR LF line ends.
/// Deliberately tiny: chatd has only flat settings, and errors must point at
/// a line number.
public enum ConfigFile {
    public static func apply(_ text: String, named path: String, to settings: inout ServerSettings) throws(SettingsError) {
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") { continue }
            let place = "\(path):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw SettingsError("\(place): expected 'key = value', got '\(line)'")
            }
            let name = String(line[..<equals]).trimmingSpaces
            guard let key = SettingKey(rawValue: name) else {
                throw SettingsError("\(place): unknown setting '\(name)' (see man chatd.conf)")
            }
            do {
                try settings.set(key, to: String(line[line.index(after: equals)...]))
            } catch {
                throw SettingsError("\(place): \(error.description)")
            }
        }
    }
}
