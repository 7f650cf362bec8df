/// `stats` of a node in a cluster: this node's view of the others and of
/// the engine that links them.
public struct ClusterReport: Codable, Equatable, Sendable {
    public struct Node: Codable, Equatable, Sendable {
        public var name: String
        public var usersOnline: Int

        public init(name: String, usersOnline: Int) {
            self.name = name
            self.usersOnline = usersOnline
        }
    }

    public var clusterName: String
    public var nodeName: String
    /// Whether this node reaches PostgreSQL now; while not, it serves only its own users.
    public var connected: Bool
    /// Every node alive (it beat within the last seconds) or with users online, this one included, by name.
    public var nodes: [Node]
    /// The last heartbeat's round trip to PostgreSQL, in milliseconds.
    public var roundTripMilliseconds: Double?
    /// `pg_notification_queue_usage()` at the last heartbeat: 0 empty, 1 full.
    public var notificationQueueUsage: Double?
    /// Batches waiting to be sent to PostgreSQL, and the most that may wait.
    public var outboundQueued: Int
    public var outboundCapacity: Int

    public init(
        clusterName: String, nodeName: String, connected: Bool, nodes: [Node], roundTripMilliseconds: Double?,
        notificationQueueUsage: Double?, outboundQueued: Int, outboundCapacity: Int
    ) {
        self.clusterName = clusterName
        self.nodeName = nodeName
        self.connected = connected
        self.nodes = nodes
        self.roundTripMilliseconds = roundTripMilliseconds
        self.notificationQueueUsage = notificationQueueUsage
        self.outboundQueued = outboundQueued
        self.outboundCapacity = outboundCapacity
    }
}
