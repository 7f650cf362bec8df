/// Counters an operator reads with `chatctl stats` and in the sd_notify status line.
public struct ServerStatistics: Equatable, Sendable {
    public var usersPeak = 0
    public var connectionsAccepted = 0
    public var connectionsRefused = 0
    public var broadcastsRelayed = 0
    public var directMessagesRelayed = 0
    public var noticesSent = 0
    public var kicks = 0
    public var errorsSent = 0
    public var bytesIn = 0
    public var bytesOut = 0
    /// Keyed by the reason shown in `LEAVE` (`quit`, `connection lost`, ...).
    public var disconnectionsByReason: [String: Int] = [:]

    public init() {}

    public var messagesRelayed: Int { broadcastsRelayed + directMessagesRelayed }
}
