import Glibc

/// Why the client could not start or reach the server, worded for the
/// person reading standard error.
public enum ClientError: Error, CustomStringConvertible, Sendable {
    case cannotResolve(host: String, reason: String)
    case cannotConnect(host: String, port: Int, reason: String)
    case terminal(operation: String, errno: Int32)
    case system(operation: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotResolve(let host, let reason):
            "cannot find host \(host): \(reason)"
        case .cannotConnect(let host, let port, let reason):
            "cannot connect to \(host) port \(port): \(reason)"
        case .terminal(let operation, let code):
            "cannot set up the terminal (\(operation)): \(String(cString: strerror(code)))"
        case .system(let operation, let code):
            "\(operation) failed: \(String(cString: strerror(code)))"
        }
    }
}
