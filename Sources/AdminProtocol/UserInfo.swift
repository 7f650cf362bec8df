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

    public init(alias: String, peer: String, transport: Transport, connectedAt: Int, idleSeconds: Int, messagesSent: Int, queuedBytes: Int) {
        self.alias = alias
        self.peer = peer
        self.transport = transport
        self.connectedAt = connectedAt
        self.idleSeconds = idleSeconds
        self.messagesSent = messagesSent
        self.queuedBytes = queuedBytes
    }
}
