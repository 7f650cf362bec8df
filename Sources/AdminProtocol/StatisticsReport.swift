/// The result of `stats`: counters since chatd started.
public struct StatisticsReport: Codable, Equatable, Sendable {
    public var uptimeSeconds: Int
    public var usersOnline: Int
    public var usersPeak: Int
    /// Open connections, also those still choosing an alias.
    public var connectionsOpen: Int
    public var connectionsAccepted: Int
    /// Refused for a limit or a ban before the alias handshake.
    public var connectionsRefused: Int
    public var broadcastsRelayed: Int
    public var directMessagesRelayed: Int
    public var noticesSent: Int
    public var kicks: Int
    /// `ERR` lines sent to clients.
    public var errorsSent: Int
    /// Keyed by the reason shown in `LEAVE` (`quit`, `connection lost`, a kick's reason, ...).
    public var disconnectionsByReason: [String: Int]
    public var bytesIn: Int
    public var bytesOut: Int

    public init(
        uptimeSeconds: Int, usersOnline: Int, usersPeak: Int, connectionsOpen: Int,
        connectionsAccepted: Int, connectionsRefused: Int, broadcastsRelayed: Int,
        directMessagesRelayed: Int, noticesSent: Int, kicks: Int, errorsSent: Int,
        disconnectionsByReason: [String: Int], bytesIn: Int, bytesOut: Int
    ) {
        self.uptimeSeconds = uptimeSeconds
        self.usersOnline = usersOnline
        self.usersPeak = usersPeak
        self.connectionsOpen = connectionsOpen
        self.connectionsAccepted = connectionsAccepted
        self.connectionsRefused = connectionsRefused
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
