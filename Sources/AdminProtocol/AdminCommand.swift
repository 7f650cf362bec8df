/// What an administrator asks chatd to do.
public enum AdminCommand: Equatable, Sendable {
    case list
    case kick(KickArguments)
    case notice(NoticeArguments)
    case stats

    /// The `command` member of a request.
    public enum Name: String, CaseIterable, Codable, Sendable {
        case list
        case kick
        case notice
        case stats
    }

    public var name: Name {
        switch self {
        case .list: return .list
        case .kick: return .kick
        case .notice: return .notice
        case .stats: return .stats
        }
    }
}
