/// The exit codes scripts can rely on; chat(1) documents them.
public enum ExitStatus: Int32, Sendable {
    /// You left: `/quit`, Ctrl-C, Ctrl-D or end of input.
    case left = 0
    /// Could not connect, or the server refused the alias (pipe mode).
    case notConnected = 1
    /// An administrator kicked you out.
    case kicked = 2
    /// The server shut down or the connection was lost.
    case connectionLost = 3
}
