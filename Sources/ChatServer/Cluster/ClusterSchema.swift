import Logging
import PostgresNIO

/// What chatd keeps in PostgreSQL: who is online where, which nodes are
/// alive, and the bans in force (so that a node joining later has them). UNLOGGED: no WAL, emptied if PostgreSQL crashes (the nodes then
/// write their users back when they rejoin); no message is ever stored.
/// Every node creates what is missing, one at a time (an advisory lock),
/// so the first node of a new database sets it up.
enum ClusterSchema {
    static let statements: [PostgresQuery] = [
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS chatd_nodes (
            cluster text NOT NULL,
            node text NOT NULL,
            heartbeat timestamptz NOT NULL,
            backend_pid integer,
            PRIMARY KEY (cluster, node)
        )
        """,
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS chatd_presence (
            cluster text NOT NULL,
            alias_key text NOT NULL,
            alias text NOT NULL,
            node text NOT NULL,
            seq bigint NOT NULL,
            connected_at bigint NOT NULL,
            transport text NOT NULL,
            peer text NOT NULL,
            PRIMARY KEY (cluster, alias_key)
        )
        """,
        "CREATE INDEX IF NOT EXISTS chatd_presence_by_node ON chatd_presence (cluster, node)",
        """
        CREATE UNLOGGED TABLE IF NOT EXISTS chatd_bans (
            cluster text NOT NULL,
            kind text NOT NULL,
            target text NOT NULL,
            until timestamptz NOT NULL,
            reason text NOT NULL,
            PRIMARY KEY (cluster, kind, target)
        )
        """,
        "CREATE SEQUENCE IF NOT EXISTS chatd_join_seq",
    ]

    static func prepare(on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_lock(hashtext('chatd schema'))", logger: logger)
        do {
            for statement in statements { try await connection.query(statement, logger: logger) }
        } catch {
            _ = try? await connection.query("SELECT pg_advisory_unlock(hashtext('chatd schema'))", logger: logger)
            throw error
        }
        try await connection.query("SELECT pg_advisory_unlock(hashtext('chatd schema'))", logger: logger)
    }
}
