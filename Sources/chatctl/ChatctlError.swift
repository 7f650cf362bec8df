/// Why chatctl could not do what was asked, with the exit code that says so
/// to scripts (sysexits(3) where one fits).
enum ChatctlError: Error, Equatable, CustomStringConvertible {
    /// chatd answered with a refusal (no such user, bad arguments, ...).
    case refused(String)
    /// Nothing accepts connections at the path.
    case notRunning(path: String, detail: String?)
    /// The socket's mode or chatd's credential check turned us away.
    case permissionDenied(path: String, detail: String?)
    /// chatd answered something chatctl cannot read, or hung up without answering.
    case badAnswer(String)

    static let adminGroupHint = "run chatctl as root or as a member of the group chatadm (the admin group chatd was started with)"

    var exitCode: Int32 {
        switch self {
        case .refused: return 1
        case .notRunning: return 69  // EX_UNAVAILABLE
        case .badAnswer: return 76  // EX_PROTOCOL
        case .permissionDenied: return 77  // EX_NOPERM
        }
    }

    var description: String {
        switch self {
        case .refused(let message):
            return message
        case .notRunning(let path, let detail):
            return "no chatd is listening on \(path)" + (detail.map { " (\($0))" } ?? "")
        case .permissionDenied(let path, let detail):
            return (detail ?? "permission denied on \(path)") + "; " + Self.adminGroupHint
        case .badAnswer(let message):
            return message
        }
    }
}
