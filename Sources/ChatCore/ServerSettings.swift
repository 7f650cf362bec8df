/// Everything an administrator can tune, with the documented defaults
/// (`man chatd.conf`). Values arrive as text from flags and the config file
/// alike and go through `set`, so both report mistakes the same way.
public struct ServerSettings: Equatable, Sendable {
    public static let minimumLineBytes = 64
    public static let maximumLineBytes = 1 << 20
    public static let minimumSendQueueBytes = 16 * 1024
    public static let defaultLimitExempt = ["127.0.0.0/8", "::1"].compactMap(AddressRange.init)
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
    public static let logTargets = ["auto", "journal", "stderr"]

    /// nil (`listen ""`): no plain-text listener, for a TLS-only server.
    public var listen: ListenAddress? = ListenAddress(host: "127.0.0.1", port: 55555)
    /// nil: no TLS listener unless systemd passes a `chat-tls` socket.
    public var listenTLS: ListenAddress?
    /// nil: no web listener (HTTP and WebSocket) unless systemd passes a `chat-web` socket.
    public var listenWeb: ListenAddress?
    /// Origins besides the page's own whose pages may open a chat WebSocket (`https://chat.example.org`).
    public var webAllowedOrigins: [String] = []
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    public var webTrustedProxies: [AddressRange] = []
    /// PEM files; nil: the service's credentials of the same names, if any (see chatd(8)).
    public var tlsCertificate: String?
    public var tlsKey: String?
    /// nil: chosen at start-up from the environment (see chatd(8)).
    public var adminSocket: String?
    public var adminGroup = "chatadm"
    /// An admin connection that sends nothing this long is closed; 0: never.
    public var adminIdleTimeoutSeconds = 60
    public var maxLineBytes = 4096
    public var maxClients = 10_000
    public var maxClientsPerAddress = 16
    public var limitExempt = ServerSettings.defaultLimitExempt
    /// IPv6 addresses count by this prefix for per-address limits and bans.
    public var ipv6Prefix = 64
    public var rateLimit = 10
    public var rateBurst = 20
    public var sendQueueBytes = 1 << 20
    public var handshakeTimeoutSeconds = 30
    public var presenceLimit = 1000
    public var reservedAliases = AliasPolicy.defaultReserved
    public var logLevel = "info"
    public var logTarget = "auto"
    /// PostgreSQL conninfo or URL of the cluster this node joins; nil: a node of its own.
    public var cluster: String?
    public var clusterName = "chatd"
    /// nil: the host name.
    public var nodeName: String?

    public init() {}

    public mutating func set(_ key: SettingKey, to rawValue: String) throws(SettingsError) {
        let value = rawValue.trimmingSpaces
        switch key {
        case .listen: listen = try Self.listenAddress(value, key)
        case .listenTLS: listenTLS = try Self.listenAddress(value, key)
        case .listenWeb: listenWeb = try Self.listenAddress(value, key)
        case .webAllowedOrigins:
            let origins = Self.list(value)
            if let bad = origins.first(where: { !Self.isOrigin($0) }) {
                throw SettingsError("web-allowed-origins: '\(bad)' is not an origin (scheme://host[:port], e.g. https://chat.example.org)")
            }
            webAllowedOrigins = origins
        case .webTrustedProxies:
            webTrustedProxies = try Self.ranges(value, key)
        case .tlsCertificate: tlsCertificate = try Self.optionalPath(value, key)
        case .tlsKey: tlsKey = try Self.optionalPath(value, key)
        case .adminSocket:
            guard value.hasPrefix("/") else { throw SettingsError("admin-socket: expected an absolute path, got '\(value)'") }
            adminSocket = value
        case .adminGroup:
            guard !value.isEmpty else { throw SettingsError("admin-group: expected a group name") }
            adminGroup = value
        case .adminIdleTimeout: adminIdleTimeoutSeconds = try Self.count(value, key)
        case .maxLineBytes: maxLineBytes = try Self.count(value, key)
        case .maxClients: maxClients = try Self.count(value, key)
        case .maxClientsPerAddress: maxClientsPerAddress = try Self.count(value, key)
        case .rateLimit: rateLimit = try Self.count(value, key)
        case .rateBurst: rateBurst = try Self.count(value, key)
        case .sendQueueBytes: sendQueueBytes = try Self.count(value, key)
        case .handshakeTimeout: handshakeTimeoutSeconds = try Self.count(value, key)
        case .presenceLimit: presenceLimit = try Self.count(value, key)
        case .ipv6Prefix:
            guard let prefix = Int(value), (1...128).contains(prefix) else {
                throw SettingsError("ipv6-prefix: expected a prefix length from 1 to 128 (64 counts a /64 as one address), got '\(value)'")
            }
            ipv6Prefix = prefix
        case .limitExempt:
            limitExempt = try Self.ranges(value, key)
        case .reservedAliases:
            reservedAliases = Self.list(value)
        case .logLevel:
            guard Self.logLevels.contains(value) else {
                throw SettingsError("log-level: expected one of \(Self.logLevels.joined(separator: ", ")), got '\(value)'")
            }
            logLevel = value
        case .logTarget:
            guard Self.logTargets.contains(value) else {
                throw SettingsError("log-target: expected one of \(Self.logTargets.joined(separator: ", ")), got '\(value)'")
            }
            logTarget = value
        case .cluster:
            guard !value.isEmpty, value != "\"\"" else { cluster = nil; return }
            if Self.namesPassword(value) {
                throw SettingsError("cluster: a password does not belong in the setting (it would show in ps and the journal); put it in PGPASSFILE or the cluster-password credential")
            }
            cluster = value
        case .clusterName:
            guard Self.isName(value, extraCharacters: "_-", maximumLength: 40, lowercaseOnly: true) else {
                throw SettingsError("cluster-name: expected 1 to 40 lowercase letters, digits, '-' or '_', got '\(value)'")
            }
            clusterName = value
        case .nodeName:
            guard Self.isName(value, extraCharacters: "_-.", maximumLength: 63, lowercaseOnly: false) else {
                throw SettingsError("node-name: expected 1 to 63 letters, digits, '-', '_' or '.', got '\(value)'")
            }
            nodeName = value
        }
    }

    private static func isName(_ value: String, extraCharacters: String, maximumLength: Int, lowercaseOnly: Bool) -> Bool {
        !value.isEmpty && value.utf8.count <= maximumLength && value.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
                    || (!lowercaseOnly && ("A"..."Z").contains(scalar)) || extraCharacters.unicodeScalars.contains(scalar)
            )
        }
    }

    /// `password=` in a conninfo, or `user:password@` or `?password=` in a URL.
    private static func namesPassword(_ conninfo: String) -> Bool {
        let lowered = conninfo.lowercased()
        let unspaced = String(lowered.filter { $0 != " " && $0 != "\t" })
        if unspaced.contains("password=") { return true }
        guard let scheme = ["postgres://", "postgresql://"].first(where: lowered.hasPrefix) else { return false }
        let authority = lowered.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return false }
        return authority[..<at].contains(":")
    }

    /// Checks what only makes sense across settings; call after every `set`.
    public func validate() throws(SettingsError) {
        guard maxLineBytes >= Self.minimumLineBytes, maxLineBytes <= Self.maximumLineBytes else {
            throw SettingsError("max-line-bytes must be between \(Self.minimumLineBytes) and \(Self.maximumLineBytes), got \(maxLineBytes)")
        }
        let smallestQueue = max(Self.minimumSendQueueBytes, 4 * maxLineBytes)
        guard sendQueueBytes >= smallestQueue else {
            throw SettingsError("send-queue-bytes must be at least \(smallestQueue) (16 KiB and four maximum lines), got \(sendQueueBytes)")
        }
        guard rateBurst >= 1 else { throw SettingsError("rate-burst must be at least 1") }
    }

    /// Settings that differ from `other` but cannot change without a restart.
    public func restartRequiredChanges(comparedTo other: ServerSettings) -> [SettingKey] {
        var changed: [SettingKey] = []
        if listen != other.listen { changed.append(.listen) }
        if listenTLS != other.listenTLS { changed.append(.listenTLS) }
        if listenWeb != other.listenWeb { changed.append(.listenWeb) }
        if webAllowedOrigins != other.webAllowedOrigins { changed.append(.webAllowedOrigins) }
        if webTrustedProxies != other.webTrustedProxies { changed.append(.webTrustedProxies) }
        if adminSocket != other.adminSocket { changed.append(.adminSocket) }
        if adminGroup != other.adminGroup { changed.append(.adminGroup) }
        if logTarget != other.logTarget { changed.append(.logTarget) }
        if cluster != other.cluster { changed.append(.cluster) }
        if clusterName != other.clusterName { changed.append(.clusterName) }
        if nodeName != other.nodeName { changed.append(.nodeName) }
        return changed
    }

    /// Empty (or `""`, as the config file spells it too): that listener is off.
    private static func listenAddress(_ value: String, _ key: SettingKey) throws(SettingsError) -> ListenAddress? {
        guard !value.isEmpty, value != "\"\"" else { return nil }
        guard let address = ListenAddress(value) else {
            throw SettingsError("\(key.rawValue): expected HOST:PORT (e.g. 127.0.0.1:55555 or [::]:55555), or \"\" for none, got '\(value)'")
        }
        return address
    }

    /// Empty: unset again (a flag can undo the config file).
    private static func optionalPath(_ value: String, _ key: SettingKey) throws(SettingsError) -> String? {
        guard !value.isEmpty else { return nil }
        guard value.hasPrefix("/") else { throw SettingsError("\(key.rawValue): expected an absolute path, got '\(value)'") }
        return value
    }

    private static func count(_ value: String, _ key: SettingKey) throws(SettingsError) -> Int {
        guard let number = Int(value), number >= 0 else {
            throw SettingsError("\(key.rawValue): expected a whole number (0 or more), got '\(value)'")
        }
        return number
    }

    private static func ranges(_ value: String, _ key: SettingKey) throws(SettingsError) -> [AddressRange] {
        var ranges: [AddressRange] = []
        for item in list(value) {
            guard let range = AddressRange(item) else {
                throw SettingsError("\(key.rawValue): '\(item)' is not an address or network (e.g. 10.0.0.0/8, ::1)")
            }
            ranges.append(range)
        }
        return ranges
    }

    /// `http://` or `https://`, a host, perhaps a port; nothing after it.
    private static func isOrigin(_ text: String) -> Bool {
        guard let rest = ["http://", "https://"].first(where: text.hasPrefix).map({ text.dropFirst($0.count) }) else { return false }
        return !rest.isEmpty && !rest.contains("/") && rest.allSatisfy { $0.isASCII && !$0.isWhitespace }
    }

    private static func list(_ value: String) -> [String] {
        value.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
    }
}

extension String {
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
