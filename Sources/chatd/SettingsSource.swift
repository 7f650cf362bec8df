import ChatCore
import Foundation

/// Where chatd's settings come from, in order of precedence: command-line
/// flags, then the config file, then the built-in defaults. Kept so that
/// SIGHUP can read the file again with the same flags on top.
struct SettingsSource: Sendable {
    static let defaultConfigPath = "/etc/chatd/chatd.conf"

    /// nil when no file was named and the default one does not exist.
    let configPath: String?
    let flags: [(SettingKey, String)]
    /// `$CREDENTIALS_DIRECTORY`: systemd's `LoadCredential=` files for this service.
    let credentialsDirectory: String?

    init(configPath explicitPath: String?, flags: [(SettingKey, String)], credentialsDirectory: String?) {
        if let explicitPath {
            configPath = explicitPath
        } else {
            configPath = FileManager.default.fileExists(atPath: Self.defaultConfigPath) ? Self.defaultConfigPath : nil
        }
        self.flags = flags
        self.credentialsDirectory = credentialsDirectory
    }

    func load() throws(SettingsError) -> ServerSettings {
        var settings = ServerSettings()
        if let configPath {
            let text: String
            do {
                text = try String(contentsOfFile: configPath, encoding: .utf8)
            } catch {
                throw SettingsError("cannot read \(configPath): \(error.localizedDescription)")
            }
            try ConfigFile.apply(text, named: configPath, to: &settings)
        }
        for (key, value) in flags {
            do {
                try settings.set(key, to: value)
            } catch {
                throw SettingsError("--\(error.description)")
            }
        }
        fillFromCredentials(&settings)
        try settings.validate()
        return settings
    }

    /// A file chatd cannot read as `DynamicUser=` reaches it as a credential
    /// of the setting's name (`LoadCredential=tls-key:/etc/...`); a file named
    /// in the settings wins.
    private func fillFromCredentials(_ settings: inout ServerSettings) {
        guard let credentialsDirectory else { return }
        func credential(_ key: SettingKey) -> String? {
            let path = credentialsDirectory + "/" + key.rawValue
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        if settings.tlsCertificate == nil { settings.tlsCertificate = credential(.tlsCertificate) }
        if settings.tlsKey == nil { settings.tlsKey = credential(.tlsKey) }
    }
}
