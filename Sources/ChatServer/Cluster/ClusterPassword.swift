import Foundation

/// The password for the cluster's PostgreSQL role, looked up at each
/// connection so that a changed one applies on the next reconnect: first
/// the service's `cluster-password` credential (`LoadCredential=`), then the
/// libpq password file named by `PGPASSFILE` (`host:port:dbname:user:password`,
/// `*` for any, `\:` and `\\` escaped). nil: none (trust or peer authentication).
struct ClusterPassword: Sendable {
    static let credentialName = "cluster-password"

    var credentialsDirectory: String?
    var passwordFile: String?

    func lookUp(for endpoint: PostgresEndpoint) -> String? {
        if let credentialsDirectory,
           let text = try? String(contentsOfFile: credentialsDirectory + "/" + Self.credentialName, encoding: .utf8) {
            return String(text.prefix { $0 != "\n" && $0 != "\r\n" })
        }
        guard let passwordFile, let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else { return nil }
        let hosts = endpoint.isUnixSocket ? ["localhost", endpoint.host] : [endpoint.host]
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = Self.fields(of: line)
            guard fields.count == 5 else { continue }
            let matches = (fields[0] == "*" || hosts.contains(fields[0]))
                && (fields[1] == "*" || fields[1] == "\(endpoint.port)")
                && (fields[2] == "*" || fields[2] == endpoint.database ?? endpoint.user)
                && (fields[3] == "*" || fields[3] == endpoint.user)
            if matches { return fields[4] }
        }
        return nil
    }

    private static func fields(of line: Substring) -> [String] {
        var fields = [""]
        var escaped = false
        for character in line {
            if escaped {
                fields[fields.count - 1].append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == ":" {
                fields.append("")
            } else {
                fields[fields.count - 1].append(character)
            }
        }
        return fields
    }
}
