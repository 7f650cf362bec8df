import AdminProtocol

/// What one tick of the hub asks of PostgreSQL, sent as one unit and in tick
/// order: aliases given up, aliases claimed, then the events for the others.
struct ClusterOutbound: Sendable {
    /// A login waiting for PostgreSQL to say whether the alias is free cluster-wide.
    struct Claim: Sendable {
        let id: ConnectionID
        let alias: String
        let connectedAt: Int
        let transport: Transport
        let peer: String
    }

    var releases: [String] = []
    var claims: [Claim] = []
    var events: [ClusterEvent] = []

    var isEmpty: Bool { releases.isEmpty && claims.isEmpty && events.isEmpty }
}

/// One row of the presence table: a user and the node they are on.
struct PresenceRow: Sendable, Equatable {
    let node: String
    let alias: String
    let sequence: UInt64
    let connectedAt: Int
    let transport: Transport
    let peer: String

    /// The table's key: aliases are ASCII, and compare without regard to case.
    static func key(of alias: String) -> String { alias.lowercased() }
}
