/// Temporary bans an administrator set with `chatctl kick --ban`, in memory
/// only. Time is passed in; expired bans are dropped when next looked at.
public struct BanList: Sendable {
    private var aliases: [AliasKey: ContinuousClock.Instant] = [:]
    private var addresses: [IPAddress: ContinuousClock.Instant] = [:]

    public init() {}

    public mutating func ban(alias: String, until end: ContinuousClock.Instant) {
        guard let key = AliasKey(alias) else { return }
        aliases[key] = end
    }

    public mutating func ban(address: IPAddress, until end: ContinuousClock.Instant) {
        addresses[address] = end
    }

    /// How long the ban still lasts, for the refusal message; nil when not banned.
    public mutating func aliasBan(_ alias: String, now: ContinuousClock.Instant) -> String? {
        guard let key = AliasKey(alias), let end = aliases[key] else { return nil }
        guard end > now else {
            aliases[key] = nil
            return nil
        }
        return Self.remaining(end - now)
    }

    public mutating func addressBan(_ address: IPAddress, now: ContinuousClock.Instant) -> String? {
        guard let end = addresses[address] else { return nil }
        guard end > now else {
            addresses[address] = nil
            return nil
        }
        return Self.remaining(end - now)
    }

    static func remaining(_ duration: Duration) -> String {
        let seconds = max(1, Int(duration.components.seconds))
        switch seconds {
        case ..<60: return "for \(seconds)s more"
        case ..<3600: return "for \(seconds / 60)m \(seconds % 60)s more"
        default: return "for \(seconds / 3600)h \(seconds % 3600 / 60)m more"
        }
    }
}
