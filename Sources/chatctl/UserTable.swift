import AdminProtocol
import Foundation

/// `chatctl list` for a person: one aligned row per user, text columns
/// left-aligned and numbers right-aligned.
enum UserTable {
    static let header = ["ALIAS", "PEER", "VIA", "CONNECTED", "IDLE", "SENT", "QUEUED"]
    private static let numeric = [false, false, false, false, true, true, true]
    /// Only in a cluster, where users come from several nodes.
    static let nodeHeader = "NODE"

    /// The time zone is a parameter so that the output is a pure function of its inputs.
    static func render(_ users: [UserInfo], timeZone: TimeZone) -> String {
        guard !users.isEmpty else { return "no users online\n" }
        let inCluster = users.contains { $0.node != nil }
        let header = inCluster ? [Self.nodeHeader] + Self.header : Self.header
        let numeric = inCluster ? [false] + Self.numeric : Self.numeric
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let rows = [header] + users.map { user in
            (inCluster ? [user.node ?? ""] : []) + [
                user.alias,
                user.peer,
                user.transport.rawValue,
                formatter.string(from: Date(timeIntervalSince1970: TimeInterval(user.connectedAt))),
                ElapsedTime.format(seconds: user.idleSeconds),
                "\(user.messagesSent)",
                "\(user.queuedBytes)",
            ]
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { column in
                let padding = String(repeating: " ", count: widths[column] - row[column].count)
                return numeric[column] ? padding + row[column] : row[column] + padding
            }
            .joined(separator: "  ")
            .trimmingTrailingSpaces
        }
        .joined(separator: "\n") + "\n"
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        String(reversed().drop { $0 == " " }.reversed())
    }
}
