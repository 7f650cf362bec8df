/// The arguments of `kick`: who, why, and whether to keep them out afterwards.
public struct KickArguments: Codable, Equatable, Sendable {
    /// Matched case-insensitively, as chatd compares aliases.
    public var alias: String
    /// nil: chatd's default reason.
    public var reason: String?
    /// How long the alias stays refused; nil for no ban.
    public var banSeconds: Int?
    /// Also refuse the user's source address for `banSeconds`, disconnecting
    /// everyone else already connected from it.
    public var banAddress: Bool

    public init(alias: String, reason: String? = nil, banSeconds: Int? = nil, banAddress: Bool = false) {
        self.alias = alias
        self.reason = reason
        self.banSeconds = banSeconds
        self.banAddress = banAddress
    }

    enum CodingKeys: String, CodingKey {
        case alias, reason, banSeconds, banAddress
    }

    /// `banAddress` may be left out and means false, so requests stay short.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        alias = try container.decode(String.self, forKey: .alias)
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        banSeconds = try container.decodeIfPresent(Int.self, forKey: .banSeconds)
        banAddress = try container.decodeIfPresent(Bool.self, forKey: .banAddress) ?? false
    }
}
