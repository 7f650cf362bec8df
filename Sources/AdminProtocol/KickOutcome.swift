/// The result of `kick`: who went, and what bans now stand.
public struct KickOutcome: Codable, Equatable, Sendable {
    /// As the user spelled it, whatever case the request used.
    public var alias: String
    public var peer: String
    public var reason: String
    /// How long the alias is refused; nil when not banned.
    public var banSeconds: Int?
    /// The source address now refused for `banSeconds`; nil when not banned.
    public var bannedAddress: String?
    /// Other connections from `bannedAddress` that the ban closed.
    public var alsoDisconnected: Int

    public init(alias: String, peer: String, reason: String, banSeconds: Int? = nil, bannedAddress: String? = nil, alsoDisconnected: Int = 0) {
        self.alias = alias
        self.peer = peer
        self.reason = reason
        self.banSeconds = banSeconds
        self.bannedAddress = bannedAddress
        self.alsoDisconnected = alsoDisconnected
    }
}
