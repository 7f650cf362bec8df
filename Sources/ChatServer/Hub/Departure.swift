/// Why a user left, as chatd counts it. The `LEAVE` line carries the text a
/// person gave (a `/quit` or kick reason); the statistics count only these
/// kinds, so that nothing users type can grow chatd's memory.
enum Departure: String, Sendable {
    case quit
    case connectionLost = "connection lost"
    case kicked
    case sendQueueExceeded = "send queue exceeded"
    case serverShuttingDown = "server shutting down"
    /// A connection chatd cannot carry over a restart (TLS) ends.
    case serverRestarting = "server restarting"
}
