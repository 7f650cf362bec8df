/// The result of `stats`: counters since chatd started.
public struct StatisticsReport: Codable, Equatable, Sendable {
    public var uptimeSeconds = 0
    public var usersOnline = 0
    public var usersPeak = 0
    /// Open connections, also those still choosing an alias.
    public var connectionsOpen = 0
    public var connectionsAccepted = 0
    /// Refused for a limit or a ban before the alias handshake.
    public var connectionsRefused = 0
    /// Open connections on the TLS listener (part of `connectionsOpen`).
    public var tlsConnectionsOpen = 0
    /// Open WebSocket connections on the web listener (part of `connectionsOpen`).
    public var webConnectionsOpen = 0
    /// Connections that completed a TLS handshake.
    public var tlsHandshakesCompleted = 0
    /// TLS handshakes that failed: wrong protocol, no shared version or cipher, a scanner.
    public var tlsHandshakesFailed = 0
    public var broadcastsRelayed = 0
    public var directMessagesRelayed = 0
    public var noticesSent = 0
    public var kicks = 0
    /// `ERR` lines sent to clients.
    public var errorsSent = 0
    /// Keyed by kind: `quit`, `connection lost`, `kicked`, `send queue exceeded`,
    /// `server shutting down`, `server restarting` (never by the text a user or an administrator typed).
    public var disconnectionsByReason: [String: Int] = [:]
    public var bytesIn = 0
    public var bytesOut = 0
    /// nil unless the node is part of a cluster.
    public var cluster: ClusterReport?

    /// Every counter at zero, as when chatd starts.
    public init() {}

    public init(
        uptimeSeconds: Int, usersOnline: Int, usersPeak: Int, connectionsOpen: Int,
        connectionsAccepted: Int, connectionsRefused: Int,
        tlsConnectionsOpen: Int, webConnectionsOpen: Int = 0, tlsHandshakesCompleted: Int, tlsHandshakesFailed: Int, broadcastsRelayed: Int,
        directMessagesRelayed: Int, noticesSent: Int, kicks: Int, errorsSent: Int,
        disconnectionsByReason: [String: Int], bytesIn: Int, bytesOut: Int
    ) {
        self.uptimeSeconds = uptimeSeconds
        self.usersOnline = usersOnline
        self.usersPeak = usersPeak
        self.connectionsOpen = connectionsOpen
        self.connectionsAccepted = connectionsAccepted
        self.connectionsRefused = connectionsRefused
        self.tlsConnectionsOpen = tlsConnectionsOpen
        self.webConnectionsOpen = webConnectionsOpen
        self.tlsHandshakesCompleted = tlsHandshakesCompleted
        self.tlsHandshakesFailed = tlsHandshakesFailed
        self.broadcastsRelayed = broadcastsRelayed
        self.directMessagesRelayed = directMessagesRelayed
        self.noticesSent = noticesSent
        self.kicks = kicks
        self.errorsSent = errorsSent
        self.disconnectionsByReason = disconnectionsByReason
        self.bytesIn = bytesIn
        self.bytesOut = bytesOut
    }

    public var messagesRelayed: Int { broadcastsRelayed + directMessagesRelayed }
}
