/// One row of `chatctl list`.
struct ConnectedUser: Sendable {
    var alias: String
    var peer: String
    /// Seconds since the Unix epoch.
    var connectedAt: Int
    var idleSeconds: Int
    var messagesSent: Int
    var queuedBytes: Int
}
