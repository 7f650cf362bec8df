/// One connected user, as `chatctl list` shows it.
public struct UserInfo: Codable, Equatable, Sendable {
    public var alias: String
    /// Source address and port, `[v6]:port` for IPv6.
    public var peer: String
    public var transport: Transport
    /// When the connection was accepted, in seconds since the Unix epoch.
    public var connectedAt: Int
    /// Seconds since the user last sent a line.
    public var idleSeconds: Int
    public var messagesSent: Int
    /// Output chatd holds for the user that the kernel has not taken yet.
    public var queuedBytes: Int
    /// The cluster node the user is connected to; nil when chatd is not part of a cluster.
    /// Idle time, lines sent and queued bytes are known only for users of the node asked.
    public var node: String?

    public init(
        alias: String, peer: String, transport: Transport, connectedAt: Int, idleSeconds: Int, messagesSent: Int, queuedBytes: Int,
        node: String? = nil
    ) {
        self.alias = alias
        self.peer = peer
        self.transport = transport
        self.connectedAt = connectedAt
        self.idleSeconds = idleSeconds
        self.messagesSent = messagesSent
        self.queuedBytes = queuedBytes
        self.node = node
    }
}
