import AdminProtocol
import Logging
import NIOCore
import PostgresNIO
import Synchronization

/// This node's one connection to the cluster's PostgreSQL: it claims and
/// releases aliases in the presence table, sends each tick's events as
/// `NOTIFY` payloads, hears the other nodes' on `LISTEN`, beats once a
/// second, and declares lost the nodes that stopped beating. One connection,
/// and one writer sending batches in order, is what keeps one sender's
/// messages in order at every recipient (PostgreSQL delivers a session's
/// notifications in commit order). When PostgreSQL is out of reach it
/// reconnects with back-off and joins again from scratch.
final class ClusterLink: ClusterOutbox {
    /// Tick batches that may wait for PostgreSQL; beyond, a batch is dropped (its logins refused).
    static let outboundCapacity = 4096
    static let heartbeatInterval = Duration.seconds(1)
    /// A node silent this long (by PostgreSQL's clock) is lost.
    static let lostAfter = Duration.seconds(5)
    /// A heartbeat or join that takes longer means PostgreSQL is out of reach.
    static let queryTimeout = Duration.seconds(4)
    /// A tick's batch may hold thousands of claims (a connect storm).
    static let batchTimeout = Duration.seconds(10)
    static let longestBackoff = Duration.seconds(8)
    /// `pg_notification_queue_usage()` above this is said in the journal (at most once a minute).
    static let queueWarningLevel = 0.5
    /// Payloads handed to the hub but not yet played: a node this far behind
    /// drops its connection and rejoins from the tables, rather than growing
    /// without bound (each payload is at most 8,000 bytes).
    static let maximumUndelivered = 2_000

    let nodeName: String
    let clusterName: String
    private let endpoint: PostgresEndpoint
    private let password: ClusterPassword
    private let hub: NIOLoopBoundBox<ChatHub>
    private let eventLoop: any EventLoop
    private let logger: Logger
    private let channel: String
    private let applicationName: String
    private let outbound: AsyncStream<ClusterOutbound>
    private let outboundInput: AsyncStream<ClusterOutbound>.Continuation
    private let queued = Atomic<Int>(0)
    private let undelivered = Atomic<Int>(0)
    private let payloadCounter = Atomic<Int>(0)
    private let connection = Mutex<PostgresConnection?>(nil)
    private let stopping = Atomic(false)
    /// Finished (never yielded to) when the first attempt to join ended:
    /// streams rather than promises, which NIO reports as leaked when a
    /// chatd that fails to start never runs the link.
    private let firstAttempt: AsyncStream<Never>
    private let firstAttemptEnded: AsyncStream<Never>.Continuation
    private let writerFinished: AsyncStream<Never>
    private let writerEnded: AsyncStream<Never>.Continuation
    private let queueWarnings = Mutex(LogThrottle(interval: .seconds(60)))
    private let droppedBatches = Mutex(LogThrottle(interval: .seconds(60)))

    init(
        nodeName: String, clusterName: String, endpoint: PostgresEndpoint, password: ClusterPassword,
        hub: NIOLoopBoundBox<ChatHub>, eventLoop: any EventLoop, logger: Logger
    ) {
        self.nodeName = nodeName
        self.clusterName = clusterName
        self.endpoint = endpoint
        self.password = password
        self.hub = hub
        self.eventLoop = eventLoop
        self.logger = logger
        channel = "chatd.\(clusterName)"
        applicationName = Self.applicationName(cluster: clusterName, node: nodeName)
        (outbound, outboundInput) = AsyncStream.makeStream(of: ClusterOutbound.self)
        (firstAttempt, firstAttemptEnded) = AsyncStream.makeStream(of: Never.self)
        (writerFinished, writerEnded) = AsyncStream.makeStream(of: Never.self)
    }

    var queuedBatches: Int { queued.load(ordering: .relaxed) }

    /// How `pg_stat_activity` shows a node's session (at most 63 bytes,
    /// which `ClusterConfiguration` checks).
    static func applicationName(cluster: String, node: String) -> String {
        "chatd \(cluster) \(node)"
    }

    /// Called by the hub at the end of a tick.
    func submit(_ batch: ClusterOutbound) {
        guard !stopping.load(ordering: .relaxed) else {
            refuse(batch.claims)
            return
        }
        guard queued.add(1, ordering: .relaxed).newValue <= Self.outboundCapacity else {
            queued.subtract(1, ordering: .relaxed)
            if let skipped = droppedBatches.withLock({ $0.admit(now: .now()) }) {
                logger.error(
                    "cluster outbound queue full: a batch of events is dropped",
                    metadata: ["events": "\(batch.events.count)", "not-logged-since-last": "\(skipped)"]
                )
            }
            refuse(batch.claims)
            return
        }
        outboundInput.yield(batch)
    }

    /// Until `stop`: the writer, and the connection kept up.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.writeBatches() }
            await self.stayConnected()
        }
    }

    /// Returns once the first attempt to join ended either way, or after `timeout`.
    func firstAttemptFinished(timeout: TimeAmount) async {
        let timer = eventLoop.scheduleTask(in: timeout) { self.markFirstAttempt() }
        for await _ in firstAttempt {}
        timer.cancel()
    }

    /// Sends what the hub queued; `leaving` (a plain stop, not a restart)
    /// then takes this node and its users out of the presence table at once,
    /// so that the other nodes need not wait to find it lost.
    func stop(leaving: Bool) async {
        stopping.store(true, ordering: .relaxed)
        outboundInput.finish()
        for await _ in writerFinished {}
        guard leaving, let current = connection.withLock({ $0 }) else { return }
        do {
            try await withTimeout(closing: current) {
                try await current.query(
                    "DELETE FROM chatd_presence WHERE cluster = \(self.clusterName) AND node = \(self.nodeName)", logger: self.quietLogger
                )
                try await current.query(
                    "DELETE FROM chatd_nodes WHERE cluster = \(self.clusterName) AND node = \(self.nodeName)", logger: self.quietLogger
                )
            }
        } catch {
            logger.warning(
                "could not leave the cluster cleanly: the other nodes will find this node lost",
                metadata: ["error": "\(ClusterErrorText.describe(error))"]
            )
        }
    }

    // MARK: Connection

    private func stayConnected() async {
        var backoff = Duration.milliseconds(250)
        // One journal line per outage, at its start; retries are info.
        var outageLogged = false
        while !Task.isCancelled, !stopping.load(ordering: .relaxed) {
            var reason = "PostgreSQL ended the connection"
            var current: PostgresConnection?
            do {
                let configuration = try endpoint.configuration(password: password.lookUp(for: endpoint), applicationName: applicationName)
                let opened = try await PostgresConnection.connect(on: eventLoop, configuration: configuration, id: 1, logger: quietLogger).get()
                current = opened
                try await opened.listen(on: channel) { notifications in
                    try await withTimeout(closing: opened) { try await self.join(on: opened) }
                    self.connection.withLock { $0 = opened }
                    backoff = .milliseconds(250)
                    outageLogged = false
                    self.markFirstAttempt()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { try await self.receive(notifications, on: opened) }
                        group.addTask { try await self.beat(on: opened) }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            } catch {
                reason = ClusterErrorText.describe(error)
            }
            connection.withLock { $0 = nil }
            try? await current?.close()
            guard !stopping.load(ordering: .relaxed), !Task.isCancelled else { break }
            eventLoop.execute { self.hub.value.clusterUnreachable() }
            if outageLogged {
                logger.info("reconnecting to the cluster", metadata: ["after": "\(backoff)", "error": "\(reason)"])
            } else {
                outageLogged = true
                logger.error(
                    "cluster out of reach: serving this node's users only, logins refused, reconnecting",
                    metadata: ["cluster-node": "\(nodeName)", "error": "\(reason)", "after": "\(backoff)"]
                        + JournalEvent.clusterUnreachable.metadata
                )
            }
            markFirstAttempt()
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, Self.longestBackoff)
        }
        markFirstAttempt()
    }

    private func markFirstAttempt() {
        firstAttemptEnded.finish()
    }

    /// postgres-nio's own chatter stays out of the journal (its errors reach
    /// chatd as thrown errors). A logger of its own: setting the level on a
    /// copy of chatd's would set it for all of chatd (`chatctl`'s log level).
    private let quietLogger = Logger(label: "chatd.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// Tables, this node's row, its users' aliases taken back, and what the
    /// other nodes have; only then does the hub count as joined. LISTEN is
    /// already on, so nothing sent meanwhile is missed.
    private func join(on connection: PostgresConnection) async throws {
        try await ClusterSchema.prepare(on: connection, logger: quietLogger)
        let duplicates = try await connection.query(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = \(applicationName) AND pid <> pg_backend_pid()",
            logger: quietLogger
        )
        for try await count in duplicates.decode(Int64.self) where count > 0 {
            throw ClusterSetupError("another chatd is connected as node \(nodeName) of cluster \(clusterName): each node needs a name of its own (node-name)")
        }
        // The session that listens, from now on: rows of a node whose session
        // is gone (PostgreSQL restarted, the node not yet back) are not shown.
        try await connection.query(
            """
            INSERT INTO chatd_nodes (cluster, node, heartbeat, backend_pid) VALUES (\(clusterName), \(nodeName), now(), pg_backend_pid())
            ON CONFLICT (cluster, node) DO UPDATE SET heartbeat = now(), backend_pid = pg_backend_pid()
            """,
            logger: quietLogger
        )
        let local = try await eventLoop.submit { self.hub.value.localPresence }.get()
        try await connection.query(
            "DELETE FROM chatd_presence WHERE cluster = \(clusterName) AND node = \(nodeName)", logger: quietLogger
        )
        var kept: Set<String> = []
        if !local.isEmpty {
            let rows = try await connection.query(
                """
                INSERT INTO chatd_presence (cluster, alias_key, alias, node, seq, connected_at, transport, peer)
                SELECT \(clusterName), lower(a), a, \(nodeName), s, c, t, p
                FROM unnest(\(local.map(\.alias))::text[], \(local.map { Int64($0.sequence) })::bigint[],
                            \(local.map { Int64($0.connectedAt) })::bigint[], \(local.map(\.transport.rawValue))::text[],
                            \(local.map(\.peer))::text[]) AS u(a, s, c, t, p)
                ON CONFLICT DO NOTHING RETURNING alias_key
                """,
                logger: quietLogger
            )
            for try await key in rows.decode(String.self) { kept.insert(key) }
        }
        try await notify([.resynchronised], on: connection)
        let others = try await presence(on: connection, of: nil)
        let lost = local.filter { !kept.contains(PresenceRow.key(of: $0.alias)) }.map(\.alias)
        let bans = try await bansInForce(on: connection)
        try await eventLoop.submit {
            self.hub.value.clusterJoined(others: others, lost: lost)
            self.hub.value.clusterBans(bans)
        }.get()
    }

    /// Bans made anywhere in the cluster and not yet over, as events (expired
    /// ones are deleted on the way).
    private func bansInForce(on connection: PostgresConnection) async throws -> [ClusterEvent] {
        try await connection.query("DELETE FROM chatd_bans WHERE cluster = \(clusterName) AND until <= now()", logger: quietLogger)
        let rows = try await connection.query(
            """
            SELECT kind, target, ceil(extract(epoch FROM until - now()))::bigint, reason
            FROM chatd_bans WHERE cluster = \(clusterName)
            """,
            logger: quietLogger
        )
        var bans: [ClusterEvent] = []
        for try await (kind, target, seconds, reason) in rows.decode((String, String, Int64, String).self) {
            switch kind {
            case "alias": bans.append(.banAlias(alias: target, seconds: Int(seconds)))
            case "address": bans.append(.banAddress(address: target, seconds: Int(seconds), reason: reason))
            default: continue
            }
        }
        return bans
    }

    /// The presence table's rows of one node, or of every node but this one,
    /// as far as the node listens now: its rows outlive its session (a clean
    /// restart of PostgreSQL keeps UNLOGGED tables), and a user shown before
    /// their node listens would miss what is said to them. Such a node's users
    /// come with its `S` once it is back.
    private func presence(on connection: PostgresConnection, of node: String?) async throws -> [PresenceRow] {
        let rows = try await connection.query(
            """
            SELECT p.node, p.alias, p.seq, p.connected_at, p.transport, p.peer
            FROM chatd_presence p
            JOIN chatd_nodes n ON n.cluster = p.cluster AND n.node = p.node
            JOIN pg_stat_activity a ON a.pid = n.backend_pid
            WHERE p.cluster = \(clusterName) AND p.node <> \(nodeName) AND (\(node)::text IS NULL OR p.node = \(node))
            ORDER BY p.seq
            """,
            logger: quietLogger
        )
        var found: [PresenceRow] = []
        for try await (node, alias, sequence, connectedAt, transport, peer) in rows.decode((String, String, Int64, Int64, String, String).self) {
            found.append(PresenceRow(
                node: node, alias: alias, sequence: UInt64(max(0, sequence)), connectedAt: Int(connectedAt),
                transport: Transport(rawValue: transport) ?? .tcp, peer: peer
            ))
        }
        return found
    }

    // MARK: Incoming

    private func receive(_ notifications: PostgresNotificationSequence, on connection: PostgresConnection) async throws {
        var reader = NotifyPayloadReader()
        // PostgreSQL delivers this node's own payloads to it too: skipped unread.
        let ownHeader = nodeName + " "
        for try await notification in notifications where !notification.payload.hasPrefix(ownHeader) {
            guard let (node, events) = reader.read(notification.payload), !events.isEmpty else { continue }
            if events.contains(.nodeLost(node: nodeName)) {
                throw ClusterSetupError("node \(node) found this node lost (no heartbeat for \(Self.lostAfter)): joining again")
            }
            // Events up to a resynchronisation go first; then that node's users are read again.
            var pending: [ClusterEvent] = []
            for event in events {
                guard event == .resynchronised else {
                    pending.append(event)
                    continue
                }
                try deliver(pending, from: node)
                pending = []
                let rows = try await withTimeout(closing: connection) { try await self.presence(on: connection, of: node) }
                eventLoop.execute { self.hub.value.clusterNodeUsers(node, rows) }
            }
            try deliver(pending, from: node)
        }
        throw ClusterSetupError("PostgreSQL ended the connection")
    }

    private func deliver(_ events: [ClusterEvent], from node: String) throws {
        guard !events.isEmpty else { return }
        guard undelivered.add(1, ordering: .relaxed).newValue <= Self.maximumUndelivered else {
            undelivered.subtract(1, ordering: .relaxed)
            throw ClusterSetupError("this node fell \(Self.maximumUndelivered) notifications behind the cluster: joining again")
        }
        eventLoop.execute {
            self.undelivered.subtract(1, ordering: .relaxed)
            self.hub.value.clusterReceived(events, from: node)
        }
    }

    // MARK: Outgoing

    private func writeBatches() async {
        for await batch in outbound {
            queued.subtract(1, ordering: .relaxed)
            guard let current = connection.withLock({ $0 }) else {
                refuse(batch.claims)
                continue
            }
            do {
                try await withTimeout(closing: current, after: Self.batchTimeout) { try await self.write(batch, on: current) }
            } catch {
                refuse(batch.claims)
                logger.warning("could not send to the cluster", metadata: ["error": "\(ClusterErrorText.describe(error))"])
            }
        }
        writerEnded.finish()
    }

    private func write(_ batch: ClusterOutbound, on connection: PostgresConnection) async throws {
        if !batch.releases.isEmpty {
            try await connection.query(
                """
                DELETE FROM chatd_presence
                WHERE cluster = \(clusterName) AND node = \(nodeName) AND alias_key = ANY(\(batch.releases)::text[])
                """,
                logger: quietLogger
            )
        }
        if !batch.claims.isEmpty {
            let claims = batch.claims
            let rows = try await connection.query(
                """
                INSERT INTO chatd_presence (cluster, alias_key, alias, node, seq, connected_at, transport, peer)
                SELECT \(clusterName), lower(a), a, \(nodeName), nextval('chatd_join_seq'), c, t, p
                FROM unnest(\(claims.map(\.alias))::text[], \(claims.map { Int64($0.connectedAt) })::bigint[],
                            \(claims.map(\.transport.rawValue))::text[], \(claims.map(\.peer))::text[]) AS u(a, c, t, p)
                ON CONFLICT DO NOTHING RETURNING alias_key, seq
                """,
                logger: quietLogger
            )
            var granted: [String: UInt64] = [:]
            for try await (key, sequence) in rows.decode((String, Int64).self) { granted[key] = UInt64(max(0, sequence)) }
            let answers = claims.map { (id: $0.id, alias: $0.alias, sequence: granted[PresenceRow.key(of: $0.alias)]) }
            eventLoop.execute { self.hub.value.clusterClaimed(answers) }
        }
        try await keepBans(in: batch.events, on: connection)
        try await notify(batch.events, on: connection)
    }

    /// Bans are also written down, so that nodes joining later have them.
    private func keepBans(in events: [ClusterEvent], on connection: PostgresConnection) async throws {
        for event in events {
            let ban: (kind: String, target: String, seconds: Int, reason: String)
            switch event {
            case .banAlias(let alias, let seconds): ban = ("alias", PresenceRow.key(of: alias), seconds, "")
            case .banAddress(let address, let seconds, let reason): ban = ("address", address, seconds, reason)
            default: continue
            }
            try await connection.query(
                """
                INSERT INTO chatd_bans (cluster, kind, target, until, reason)
                VALUES (\(clusterName), \(ban.kind), \(ban.target), now() + make_interval(secs => \(Double(ban.seconds))), \(ban.reason))
                ON CONFLICT (cluster, kind, target) DO UPDATE SET until = GREATEST(chatd_bans.until, EXCLUDED.until), reason = EXCLUDED.reason
                """,
                logger: quietLogger
            )
        }
    }

    private func refuse(_ claims: [ClusterOutbound.Claim]) {
        guard !claims.isEmpty else { return }
        let refused = claims.map { (id: $0.id, alias: $0.alias) }
        eventLoop.execute { self.hub.value.clusterClaimsFailed(refused) }
    }

    /// One statement for the whole batch. Each payload's first line names
    /// the sender and numbers the payload: PostgreSQL drops a payload equal
    /// to one already sent in the same transaction.
    private func notify(_ events: [ClusterEvent], on connection: PostgresConnection) async throws {
        let bodies = NotifyPayloads.pack(events, limit: NotifyPayloads.limit - nodeName.utf8.count - 24)
        guard !bodies.isEmpty else { return }
        let payloads = bodies.map { "\(nodeName) \(payloadCounter.add(1, ordering: .relaxed).newValue)\n\($0)" }
        try await connection.query(
            """
            SELECT pg_notify(\(channel), p)
            FROM (SELECT p FROM unnest(\(payloads)::text[]) WITH ORDINALITY AS u(p, i) ORDER BY i) AS ordered
            """,
            logger: quietLogger
        )
    }

    // MARK: Heartbeat

    private func beat(on connection: PostgresConnection) async throws {
        while true {
            try await Task.sleep(for: Self.heartbeatInterval)
            let started = ContinuousClock.now
            let (inserted, usage) = try await withTimeout(closing: connection) { try await self.heartbeat(on: connection) }
            let roundTrip = ContinuousClock.now - started
            let milliseconds = Double(roundTrip.components.seconds) * 1000 + Double(roundTrip.components.attoseconds) / 1e15
            let nodes = try await withTimeout(closing: connection) { try await self.liveNodes(on: connection) }
            eventLoop.execute {
                self.hub.value.clusterHealth(roundTripMilliseconds: milliseconds, notificationQueueUsage: usage, nodes: nodes)
            }
            if usage > Self.queueWarningLevel, let skipped = queueWarnings.withLock({ $0.admit(now: .now()) }) {
                logger.warning(
                    "PostgreSQL's notification queue is filling: a listening session is not reading",
                    metadata: ["queue-usage": "\(usage)", "not-logged-since-last": "\(skipped)"] + JournalEvent.clusterQueueFilling.metadata
                )
            }
            if inserted {
                throw ClusterSetupError("the other nodes found this node lost (no heartbeat for \(Self.lostAfter)): joining again")
            }
            let lost = try await withTimeout(closing: connection) { try await self.reapLostNodes(on: connection) }
            if !lost.isEmpty { try await withTimeout(closing: connection) { try await self.cutOff(lost, on: connection) } }
            for node in lost {
                try await withTimeout(closing: connection) { try await self.notify([.nodeLost(node: node)], on: connection) }
                eventLoop.execute { self.hub.value.clusterNodeLost(node) }
            }
        }
    }

    /// Whether this node's row was missing (another node reaped it), and the notification queue's usage.
    private func heartbeat(on connection: PostgresConnection) async throws -> (Bool, Double) {
        let rows = try await connection.query(
            """
            INSERT INTO chatd_nodes (cluster, node, heartbeat, backend_pid) VALUES (\(clusterName), \(nodeName), now(), pg_backend_pid())
            ON CONFLICT (cluster, node) DO UPDATE SET heartbeat = now()
            RETURNING xmax::text = '0', pg_notification_queue_usage()
            """,
            logger: quietLogger
        )
        var result = (false, 0.0)
        for try await row in rows.decode((Bool, Double).self) { result = row }
        return result
    }

    /// Every node with a row, for `stats` (also those without users).
    private func liveNodes(on connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query("SELECT node FROM chatd_nodes WHERE cluster = \(clusterName)", logger: quietLogger)
        var nodes: [String] = []
        for try await node in rows.decode(String.self) { nodes.append(node) }
        return nodes
    }

    /// Nodes silent for `lostAfter`, taken out with their users (by exactly one node: DELETE … RETURNING).
    private func reapLostNodes(on connection: PostgresConnection) async throws -> [String] {
        let rows = try await connection.query(
            """
            WITH lost AS (
                DELETE FROM chatd_nodes
                WHERE cluster = \(clusterName) AND heartbeat < now() - make_interval(secs => \(Double(Self.lostAfter.components.seconds)))
                RETURNING node
            ), gone AS (
                DELETE FROM chatd_presence p USING lost WHERE p.cluster = \(clusterName) AND p.node = lost.node
            )
            SELECT node FROM lost
            """,
            logger: quietLogger
        )
        var lost: [String] = []
        for try await node in rows.decode(String.self) { lost.append(node) }
        return lost
    }

    /// Ends the sessions of nodes found lost. A node that stopped beating but
    /// still holds its LISTEN (stopped, swapping, cut off half-way) would
    /// keep PostgreSQL from ever freeing the notification queue behind it,
    /// until NOTIFY fails for every node; cut off, it reconnects and rejoins
    /// once it runs again. Refused when the nodes log in as different roles
    /// without pg_signal_backend: then the queue is watched, not cleared.
    private func cutOff(_ nodes: [String], on connection: PostgresConnection) async throws {
        let names = nodes.map { Self.applicationName(cluster: clusterName, node: $0) }
        do {
            try await connection.query(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ANY(\(names)::text[])",
                logger: quietLogger
            )
        } catch let error as PSQLError where error.serverInfo != nil {
            logger.warning(
                "cannot end the session of a lost node", metadata: ["nodes": "\(nodes)", "error": "\(ClusterErrorText.describe(error))"]
            )
        }
    }

    /// PostgreSQL that does not answer in time is as good as unreachable:
    /// the connection is closed and the caller gets an error at once. The
    /// body runs in a task of its own that is not waited for: postgres-nio
    /// can leave a query on a connection that PostgreSQL just ended waiting
    /// forever (seen with a node stopped while the others ended its
    /// session), and a task group would wait for it with it.
    private func withTimeout<Value: Sendable>(
        closing connection: PostgresConnection, after timeout: Duration = queryTimeout,
        _ body: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let first = FirstOutcome()
        return try await withCheckedThrowingContinuation { (outcome: CheckedContinuation<Value, any Error>) in
            let work = Task {
                do {
                    let value = try await body()
                    if first.claim() { outcome.resume(returning: value) }
                } catch {
                    if first.claim() { outcome.resume(throwing: error) }
                }
            }
            Task {
                try? await Task.sleep(for: timeout)
                guard first.claim() else { return }
                outcome.resume(throwing: ClusterSetupError("PostgreSQL did not answer within \(timeout)"))
                work.cancel()
                try? await connection.close()
            }
        }
    }
}

/// Which of two racing tasks resumes a continuation: the first to ask.
private final class FirstOutcome: Sendable {
    private let decided = Atomic(false)

    func claim() -> Bool {
        !decided.exchange(true, ordering: .acquiringAndReleasing)
    }
}
