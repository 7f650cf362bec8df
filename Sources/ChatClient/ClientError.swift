import Glibc

/// Why the client could not start or reach the server, worded for the
/// person reading standard error.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    case cannotResolve(host: String, reason: String)
    case cannotConnect(host: String, port: Int, reason: String)
    /// The TLS handshake failed for a reason trying again will not change (an untrusted certificate).
    case tlsRefused(host: String, reason: String)
    /// The TLS handshake did not finish (the server went away, or speaks no TLS).
    case tlsFailed(host: String, reason: String)
    case terminal(operation: String, errno: Int32)
    case system(operation: String, errno: Int32)

    /// Whether reconnecting cannot help: the client ends instead of retrying.
    public var isPermanent: Bool {
        if case .tlsRefused = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .cannotResolve(let host, let reason):
            "cannot find host \(host): \(reason)"
        case .cannotConnect(let host, let port, let reason):
            "cannot connect to \(host) port \(port): \(reason)"
        case .tlsRefused(let host, let reason):
            "refusing the TLS connection to \(host): \(reason)"
        case .tlsFailed(let host, let reason):
            "TLS with \(host) failed: \(reason)"
        case .terminal(let operation, let code):
            "cannot set up the terminal (\(operation)): \(String(cString: strerror(code)))"
        case .system(let operation, let code):
            "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
