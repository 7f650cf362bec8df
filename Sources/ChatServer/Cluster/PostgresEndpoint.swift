import Foundation
import NIOSSL
import PostgresNIO

/// Where the cluster's PostgreSQL is, from the `cluster` setting: a libpq
/// conninfo (`host=/run/postgresql dbname=chat user=chatd`) or URL
/// (`postgresql://chatd@db.example.org/chat?sslmode=verify-full`).
/// postgres-nio takes a configuration value but parses neither form, so the
/// keys an administrator needs are read here: host, port, user, dbname,
/// sslmode, sslrootcert. The password never comes from the setting.
struct PostgresEndpoint: Equatable, Sendable {
    enum SSLMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    /// A directory (starting with `/`) for a Unix socket, else a host name or address.
    var host = "/var/run/postgresql"
    var port = 5432
    var user: String
    var database: String?
    var sslMode = SSLMode.prefer
    var sslRootCertificate: String?

    var isUnixSocket: Bool { host.hasPrefix("/") }

    init(parsing text: String, defaultUser: String) throws(ClusterSetupError) {
        user = defaultUser
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let pairs = trimmed.hasPrefix("postgres://") || trimmed.hasPrefix("postgresql://")
            ? try Self.urlPairs(trimmed) : try Self.conninfoPairs(trimmed)
        for (key, value) in pairs {
            switch key {
            case "host", "hostaddr": if !value.isEmpty { host = value }
            case "port":
                guard let number = Int(value), (1...65535).contains(number) else {
                    throw ClusterSetupError("cluster: port must be a number from 1 to 65535, got '\(value)'")
                }
                port = number
            case "user": user = value
            case "dbname": database = value.isEmpty ? nil : value
            case "sslmode":
                guard let mode = SSLMode(rawValue: value) else {
                    throw ClusterSetupError("cluster: sslmode must be disable, allow, prefer, require, verify-ca or verify-full, got '\(value)'")
                }
                sslMode = mode
            case "sslrootcert": sslRootCertificate = value
            case "application_name", "connect_timeout": continue
            default:
                throw ClusterSetupError("cluster: chatd does not know the connection key '\(key)' (it reads host, port, user, dbname, sslmode, sslrootcert)")
            }
        }
    }

    /// A connection as `applicationName`, which `pg_stat_activity` shows.
    func configuration(password: String?, applicationName: String) throws(ClusterSetupError) -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if isUnixSocket {
            configuration = .init(unixSocketPath: "\(host)/.s.PGSQL.\(port)", username: user, password: password, database: database ?? user)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database ?? user, tls: try tls())
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.additionalStartupParameters = [("application_name", applicationName)]
        return configuration
    }

    private func tls() throws(ClusterSetupError) -> PostgresConnection.Configuration.TLS {
        guard sslMode != .disable else { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .verifyFull: tls.certificateVerification = .fullVerification
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        default: tls.certificateVerification = .none
        }
        if let sslRootCertificate { tls.trustRoots = .file(sslRootCertificate) }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw ClusterSetupError("cluster: cannot set up TLS to PostgreSQL: \(error)")
        }
        return sslMode == .allow || sslMode == .prefer ? .prefer(context) : .require(context)
    }

    /// `key=value` pairs separated by spaces; a value may be single-quoted, with `\'` and `\\`.
    private static func conninfoPairs(_ text: String) throws(ClusterSetupError) -> [(String, String)] {
        var pairs: [(String, String)] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard !rest.isEmpty else { return pairs }
            let key = rest.prefix { $0 != "=" && $0 != " " && $0 != "\t" }
            rest = rest.dropFirst(key.count).drop { $0 == " " || $0 == "\t" }
            guard !key.isEmpty, rest.first == "=" else {
                throw ClusterSetupError("cluster: expected key=value pairs (e.g. host=/run/postgresql dbname=chat), got '\(text)'")
            }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            var value = ""
            if rest.first == "'" {
                rest = rest.dropFirst()
                var closed = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if character == "\\", let escaped = rest.first {
                        value.append(escaped)
                        rest = rest.dropFirst()
                    } else if character == "'" {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { throw ClusterSetupError("cluster: unterminated quoted value for '\(key)'") }
            } else {
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                value = String(word)
                rest = rest.dropFirst(word.count)
            }
            pairs.append((String(key), value))
        }
    }

    /// `postgresql://[user@][host][:port][/dbname][?key=value&...]`, percent-decoded.
    private static func urlPairs(_ text: String) throws(ClusterSetupError) -> [(String, String)] {
        guard let components = URLComponents(string: text) else {
            throw ClusterSetupError("cluster: '\(text)' is not a valid postgresql:// URL")
        }
        var pairs: [(String, String)] = []
        if let user = components.user, !user.isEmpty { pairs.append(("user", user)) }
        if let host = components.host, !host.isEmpty { pairs.append(("host", host)) }
        if let port = components.port { pairs.append(("port", "\(port)")) }
        let database = components.path.drop { $0 == "/" }
        if !database.isEmpty { pairs.append(("dbname", String(database))) }
        for item in components.queryItems ?? [] {
            pairs.append((item.name, item.value ?? ""))
        }
        return pairs
    }
}

/// Why this node cannot take part in its cluster, in words for the journal.
public struct ClusterSetupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
