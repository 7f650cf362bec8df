import ChatCore
import NIOCore

/// The hub's side of the cluster: what it knows of the other nodes and
/// what it has yet to tell them. Lives in the hub, on its loop.
struct ClusterMembership {
    /// Lines a user sends while PostgreSQL decides on their alias wait, up to this many.
    static let maximumHeldLines = 16

    struct PendingClaim {
        let alias: String
        var heldLines: [ByteBuffer] = []
    }

    let link: ClusterLink
    var nodeName: String { link.nodeName }
    /// Joined: the presence table and the notifications are ours to use.
    var reachable = false
    /// Whether this node was ever joined, so that a re-join is told as one.
    var everJoined = false
    var outbound = ClusterOutbound()
    var remote = RemoteMembers()
    var claims: [ConnectionID: PendingClaim] = [:]
    var roundTripMilliseconds: Double?
    var notificationQueueUsage: Double?

    init(link: ClusterLink) {
        self.link = link
    }
}
