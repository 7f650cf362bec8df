import ChatCore
import NIOCore

/// Where the hub sends each tick's requests: the PostgreSQL link in chatd,
/// a recorder in the hub's socket-free tests.
protocol ClusterOutbox: AnyObject, Sendable {
    var nodeName: String { get }
    var clusterName: String { get }
    /// Batches handed over and not yet sent, for `stats`.
    var queuedBatches: Int { get }
    func submit(_ batch: ClusterOutbound)
}

/// The hub's side of the cluster: what it knows of the other nodes and
/// what it has yet to tell them. Lives in the hub, on its loop.
struct ClusterMembership {
    /// Lines a user sends while PostgreSQL decides on their alias wait, up to this many.
    static let maximumHeldLines = 16

    struct PendingClaim {
        let alias: String
        var heldLines: [ByteBuffer] = []
    }

    let link: any ClusterOutbox
    var nodeName: String { link.nodeName }
    /// Joined: the presence table and the notifications are ours to use.
    var reachable = false
    /// Whether this node was ever joined, so that a re-join is told as one.
    var everJoined = false
    var outbound = ClusterOutbound()
    var remote = RemoteMembers()
    private(set) var claims: [ConnectionID: PendingClaim] = [:]
    /// The aliases of `claims`, folded: two local logins may not race for one.
    private var claimedKeys: Set<String> = []
    var roundTripMilliseconds: Double?
    var notificationQueueUsage: Double?
    /// Nodes with a row in `chatd_nodes` at the last heartbeat.
    var liveNodes: [String] = []

    init(link: any ClusterOutbox) {
        self.link = link
    }

    func isClaimed(_ alias: String) -> Bool {
        claimedKeys.contains(PresenceRow.key(of: alias))
    }

    mutating func addClaim(_ alias: String, for id: ConnectionID) {
        claims[id] = PendingClaim(alias: alias)
        claimedKeys.insert(PresenceRow.key(of: alias))
    }

    mutating func hold(_ line: ByteBuffer, for id: ConnectionID) -> Bool {
        guard let count = claims[id]?.heldLines.count, count < Self.maximumHeldLines else { return false }
        claims[id]?.heldLines.append(line)
        return true
    }

    mutating func removeClaim(of id: ConnectionID) -> PendingClaim? {
        guard let claim = claims.removeValue(forKey: id) else { return nil }
        claimedKeys.remove(PresenceRow.key(of: claim.alias))
        return claim
    }
}
