import ChatCore
import ChatProtocol
import Logging
import NIOCore

/// All chat state, confined to one event loop: no locks and no thread hop per
/// message (hence `@unchecked Sendable`: other threads only reach it through
/// `eventLoop.submit`). A loop tick's broadcasts are encoded once into one
/// buffer that every logged-in client gets a slice of; every touched
/// connection is flushed once per loop tick.
final class ChatHub: @unchecked Sendable {
    let eventLoop: any EventLoop
    private(set) var settings: ServerSettings
    private(set) var statistics = ServerStatistics()
    let startedAt = ContinuousClock.now
    let logger: Logger

    private var room: ChatRoom<ObjectIdentifier>
    private var admission: AdmissionControl
    private var bans = BanList()
    /// Every open connection, also those still choosing an alias.
    private var connections: [ObjectIdentifier: ClientConnectionHandler] = [:]
    private var loggedIn: [ObjectIdentifier: ClientConnectionHandler] = [:]
    private var awaitingFlush: [ClientConnectionHandler] = []
    private var flushScheduled = false
    /// This tick's broadcast lines. A client's share is the part from its
    /// `broadcastOffset` on, handed over at the tick's flush (a slice, no copy)
    /// or, copied, before any line of its own so that its lines stay in order.
    /// The work of a broadcast is thus one append, whatever the audience, and a
    /// burst of them (a mass quit announcing LEAVEs) costs memory once, not per client.
    private var tickBroadcasts = ByteBuffer()
    private var shutdown: EventLoopPromise<Void>?

    init(settings: ServerSettings, eventLoop: any EventLoop, logger: Logger) {
        self.settings = settings
        self.eventLoop = eventLoop
        self.logger = logger
        self.room = ChatRoom(
            policy: AliasPolicy(reserved: settings.reservedAliases),
            presenceLimit: settings.presenceLimit
        )
        self.admission = AdmissionControl(
            maxClients: settings.maxClients,
            maxClientsPerAddress: settings.maxClientsPerAddress,
            exempt: settings.limitExempt
        )
    }

    var usersOnline: Int { loggedIn.count }
    var connectionCount: Int { connections.count }
    var isShuttingDown: Bool { shutdown != nil }

    /// Limits that can change live do; connections already open keep the line
    /// and queue sizes they started with.
    func apply(_ newSettings: ServerSettings) {
        settings = newSettings
        room.policy = AliasPolicy(reserved: newSettings.reservedAliases)
        room.presenceLimit = newSettings.presenceLimit
        admission.maxClients = newSettings.maxClients
        admission.maxClientsPerAddress = newSettings.maxClientsPerAddress
        admission.exempt = newSettings.limitExempt
    }

    // MARK: Connections

    /// Returns the refusal to send before closing, or nil when admitted.
    func admit(_ connection: ClientConnectionHandler) -> ServerLine? {
        if isShuttingDown { return .error("server shutting down") }
        if let address = connection.peerAddress, let ban = bans.addressBan(address, now: .now) {
            statistics.connectionsRefused += 1
            return .error("your address is banned: \(ban)")
        }
        let verdict = admission.admit(connection.peerAddress)
        guard verdict == .admitted else {
            statistics.connectionsRefused += 1
            logger.notice(
                "connection refused",
                metadata: ["peer": "\(connection.peerDescription)", "limit": verdict == .serverFull ? "max-clients" : "max-clients-per-address"]
                    + JournalEvent.limitHit.metadata
            )
            return verdict == .serverFull
                ? .error("server full")
                : .error("server full: too many connections from your address")
        }
        statistics.connectionsAccepted += 1
        connections[ObjectIdentifier(connection)] = connection
        return nil
    }

    func login(_ connection: ClientConnectionHandler, as alias: String) {
        let id = ObjectIdentifier(connection)
        switch room.login(id, as: alias, refusal: bans.aliasBan(alias, now: .now).map { "the alias \(alias) is banned: \($0)" }) {
        case .refused(let why):
            send(.error(why), to: connection)
            send(.nick(hint: "choose another alias"), to: connection)
        case .joined(let welcome, let announcement):
            loggedIn[id] = connection
            // Nothing broadcast before the login is the newcomer's.
            connection.broadcastOffset = tickBroadcasts.writerIndex
            connection.loggedIn(as: alias)
            statistics.usersPeak = max(statistics.usersPeak, loggedIn.count)
            send(welcome, to: connection)
            if let announcement { broadcast(announcement, except: id) }
            logger.info(
                "user joined",
                metadata: ["alias": "\(alias)", "peer": "\(connection.peerDescription)"] + JournalEvent.joined.metadata
            )
        }
    }

    func handle(_ command: ClientCommand, from connection: ClientConnectionHandler) {
        let id = ObjectIdentifier(connection)
        guard loggedIn[id] != nil else { return }
        connection.messagesSent += 1
        switch room.handle(command, from: id) {
        case .toEveryone(let line):
            statistics.broadcastsRelayed += 1
            broadcast(line)
        case .toMember(let member, let line):
            statistics.directMessagesRelayed += 1
            if let recipient = loggedIn[member] { send(line, to: recipient) }
        case .toSender(let lines):
            for line in lines { send(line, to: connection) }
        case .quit(let reason):
            depart(connection, reason: reason, finalLine: .bye)
        }
    }

    /// Takes a logged-in user out of the room, tells the others, and closes
    /// the connection after `finalLine` (if any) has been written.
    func depart(_ connection: ClientConnectionHandler, reason: String, finalLine: ServerLine?) {
        let id = ObjectIdentifier(connection)
        deliverBroadcasts(to: connection)
        if loggedIn.removeValue(forKey: id) != nil {
            statistics.disconnectionsByReason[reason, default: 0] += 1
            let announcement = room.leave(id, reason: reason)
            if let announcement, !isShuttingDown { broadcast(announcement) }
            logger.info(
                "user left",
                metadata: ["alias": "\(connection.alias ?? "")", "peer": "\(connection.peerDescription)", "reason": "\(reason)"]
                    + JournalEvent.left.metadata
            )
        }
        connection.close(after: finalLine.map(encode))
    }

    /// Called once per connection, from `channelInactive`.
    func connectionClosed(_ connection: ClientConnectionHandler) {
        let id = ObjectIdentifier(connection)
        if loggedIn[id] != nil {
            depart(connection, reason: connection.closeReason ?? "connection lost", finalLine: nil)
        }
        if connections.removeValue(forKey: id) != nil {
            admission.release(connection.peerAddress)
        }
        if connections.isEmpty, let shutdown {
            shutdown.succeed()
        }
    }

    func sendQueueExceeded(_ connection: ClientConnectionHandler) {
        logger.warning(
            "send queue exceeded, disconnecting",
            metadata: ["alias": "\(connection.alias ?? "")", "peer": "\(connection.peerDescription)", "limit": "\(settings.sendQueueBytes)"]
                + JournalEvent.sendQueueExceeded.metadata
        )
        connection.closeReason = "send queue exceeded"
        depart(connection, reason: "send queue exceeded", finalLine: nil)
    }

    func countError() {
        statistics.errorsSent += 1
    }

    func countBytesIn(_ count: Int) {
        statistics.bytesIn += count
    }

    // MARK: Administration

    /// `actor` tags the log lines with the administrator who asked
    /// (admin-uid, admin-pid). Returns how many users got the notice.
    func notice(_ text: String, by actor: Logger.Metadata) -> Int {
        statistics.noticesSent += 1
        broadcast(.notice(text))
        logger.notice("notice sent", metadata: actor + ["recipients": "\(loggedIn.count)"] + JournalEvent.notice.metadata)
        return loggedIn.count
    }

    /// Returns the connection kicked, or nil when nobody by that alias is online.
    func kick(_ alias: String, reason: String, by actor: Logger.Metadata) -> ClientConnectionHandler? {
        guard let id = room.roster.member(named: alias), let connection = loggedIn[id] else { return nil }
        kick(connection, reason: reason, by: actor)
        return connection
    }

    private func kick(_ connection: ClientConnectionHandler, reason: String, by actor: Logger.Metadata) {
        statistics.kicks += 1
        logger.notice(
            "user kicked",
            metadata: actor + ["alias": "\(connection.alias ?? "")", "peer": "\(connection.peerDescription)", "reason": "\(reason)"]
                + JournalEvent.kicked.metadata
        )
        depart(connection, reason: reason, finalLine: .kicked(reason: reason))
    }

    func ban(alias: String, for duration: Duration) {
        bans.ban(alias: alias, until: .now + duration)
    }

    /// Also disconnects everyone already connected from the address (kicking
    /// those logged in); returns how many connections that closed.
    func ban(address: IPAddress, for duration: Duration, reason: String, by actor: Logger.Metadata) -> Int {
        bans.ban(address: address, until: .now + duration)
        var closed = 0
        for (id, connection) in connections where connection.peerAddress == address {
            if loggedIn[id] != nil {
                kick(connection, reason: reason, by: actor)
                closed += 1
            } else if connection.alias == nil {
                // Still choosing an alias; a logged-out alias means it is already leaving.
                connection.close(after: encode(.error("your address is banned")))
                closed += 1
            }
        }
        return closed
    }

    var users: [ConnectedUser] {
        room.roster.aliasesInJoinOrder.compactMap { alias in
            room.roster.member(named: alias).flatMap { loggedIn[$0]?.summary }
        }
    }

    // MARK: Shutdown

    /// Sends every logged-in user a NOTICE, lets queued output drain for at
    /// most `grace`, then closes whatever is left. The future completes when
    /// every connection is closed.
    func beginShutdown(grace: TimeAmount) -> EventLoopFuture<Void> {
        if let shutdown { return shutdown.futureResult }
        let promise = eventLoop.makePromise(of: Void.self)
        shutdown = promise
        let goodbye = encode(.notice("server shutting down, goodbye"))
        let refusal = encode(.error("server shutting down"))
        for connection in connections.values {
            connection.closeReason = "server shutting down"
            deliverBroadcasts(to: connection)
            connection.close(after: connection.alias != nil ? goodbye : refusal)
        }
        if connections.isEmpty { promise.succeed() }
        eventLoop.assumeIsolated().scheduleTask(in: grace) { [self] in
            for connection in connections.values { connection.closeNow() }
        }
        return promise.futureResult
    }

    // MARK: Output

    func send(_ line: ServerLine, to connection: ClientConnectionHandler) {
        if case .error = line { statistics.errorsSent += 1 }
        deliverBroadcasts(to: connection)
        connection.write(encode(line))
    }

    private func broadcast(_ line: ServerLine, except excluded: ObjectIdentifier? = nil) {
        let skipped = excluded.flatMap { loggedIn[$0] }
        if let skipped { deliverBroadcasts(to: skipped) }
        tickBroadcasts.writeString(line.text)
        tickBroadcasts.writeInteger(UInt8(ascii: "\n"))
        skipped?.broadcastOffset = tickBroadcasts.writerIndex
        scheduleFlush()
    }

    /// Mid-tick, a logged-in client's unsent broadcasts, copied: a slice would
    /// share the tick buffer and make the next append copy all of it.
    private func deliverBroadcasts(to connection: ClientConnectionHandler) {
        let pending = tickBroadcasts.writerIndex - connection.broadcastOffset
        guard pending > 0, loggedIn[ObjectIdentifier(connection)] != nil else { return }
        var copy = ByteBufferAllocator().buffer(capacity: pending)
        copy.writeBytes(tickBroadcasts.readableBytesView[connection.broadcastOffset...])
        connection.broadcastOffset = tickBroadcasts.writerIndex
        connection.write(copy)
    }

    /// End of tick: every logged-in client gets its part of the tick's broadcasts as a slice.
    private func publishBroadcasts() {
        guard tickBroadcasts.readableBytes > 0 else { return }
        let tick = tickBroadcasts
        tickBroadcasts = ByteBuffer()
        for connection in loggedIn.values {
            let offset = connection.broadcastOffset
            connection.broadcastOffset = 0
            if let share = tick.getSlice(at: offset, length: tick.writerIndex - offset), share.readableBytes > 0 {
                connection.write(share)
            }
        }
    }

    func encode(_ line: ServerLine) -> ByteBuffer {
        let text = line.text
        var buffer = ByteBufferAllocator().buffer(capacity: text.utf8.count + 1)
        buffer.writeString(text)
        buffer.writeInteger(UInt8(ascii: "\n"))
        return buffer
    }

    func countBytesOut(_ count: Int) {
        statistics.bytesOut += count
    }

    /// Called by a connection after its first unflushed write; one flush task per tick.
    func needsFlush(_ connection: ClientConnectionHandler) {
        awaitingFlush.append(connection)
        scheduleFlush()
    }

    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        eventLoop.assumeIsolated().execute { [self] in
            publishBroadcasts()
            flushScheduled = false
            let batch = awaitingFlush
            awaitingFlush.removeAll(keepingCapacity: true)
            for connection in batch { connection.flush() }
        }
    }
}
