import PostgresNIO

/// What went wrong with PostgreSQL, in words for the journal. postgres-nio's
/// own description of its errors is a placeholder (it guards apps that show
/// errors to end users); chatd's queries carry no secret, so PostgreSQL's
/// message and the connection error underneath are what an operator needs.
enum ClusterErrorText {
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return "PostgreSQL: \(message)" + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}
