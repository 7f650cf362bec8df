import AdminProtocol
import ChatCore
import ChatProtocol
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// All chat state, confined to one event loop: no locks and no thread hop per
/// message. It is not `Sendable`; other threads reach it only through a
/// `NIOLoopBoundBox`, which traps when used off its loop.
///
/// The hub owns every chat fact about a connection (its `Member`); the
/// transport behind it (`ChatConnection`) only moves bytes. Every byte chatd
/// sends goes through `write(_:to:)`, where it is counted once.
final class ChatHub {
    /// How long a closing connection may take to read its last lines.
    static let closeDeadline = TimeAmount.seconds(3)
    /// Bad aliases (or other bad lines) in a row before the handshake gives up.
    static let maximumRefusedAliases: UInt8 = 5

    let eventLoop: any EventLoop
    private(set) var settings: ServerSettings
    /// Counters only; the live figures are filled in by `statisticsReport`.
    var statistics = StatisticsReport()
    let startedAt = ContinuousClock.now
    let logger: Logger

    var room: ChatRoom<ConnectionID>
    var admission: AdmissionControl
    var bans = BanList()
    /// Every open connection, also those still choosing an alias or closing.
    var members: [ConnectionID: Member] = [:]
    /// Beside the members rather than in them: only connections still
    /// choosing an alias have one, and every member would pay for the field.
    private var handshakeTimers: [ConnectionID: Scheduled<Void>] = [:]
    var usersOnline = 0
    private var nextConnection: UInt64 = 0
    var tick = BroadcastTick()
    /// Open admin connections, held to `AdminConnectionHandler.maximumConnections`.
    var adminConnections = 0
    var shutdown: EventLoopPromise<Void>?
    /// Failed TLS handshakes are logged at most once a minute.
    var tlsFailureLog = LogThrottle(interval: .seconds(60))
    /// Where connections are kept across a restart; nil: they end with chatd.
    var kept: KeptConnections?
    /// Connections that could not be kept are logged at most once a minute.
    var keepFailureLog = LogThrottle(interval: .seconds(60))
    /// Set when chatd hands its connections over to the next one: from then
    /// on nothing is sent, and a connection that ends is not announced.
    var handingOver = false
    /// nil: this chatd is a node of its own.
    var cluster: ClusterMembership?

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

    /// A new connection, known to the hub from here on; `admit` decides
    /// whether it may stay. Two steps, because a refusal may close the
    /// transport (and report `closed`) before `admit` returns.
    func register(_ connection: any ChatConnection, from peer: Peer) -> ConnectionID {
        let id = ConnectionID(number: nextConnection)
        add(id, connection: connection, from: peer, connectedAt: time(nil))
        return id
    }

    /// `id` must be new; numbers after it are never handed out.
    func add(_ id: ConnectionID, connection: any ChatConnection, from peer: Peer, connectedAt: Int) {
        nextConnection = max(nextConnection, id.number + 1)
        members[id] = Member(
            connection: connection, peer: peer, addressGroup: peer.address?.limitGroup(ipv6Prefix: settings.ipv6Prefix),
            connectedAt: connectedAt, sendQueueLimit: settings.sendQueueBytes, lastActivity: time(nil)
        )
        if peer.transport == .tls { statistics.tlsConnectionsOpen += 1 }
        if peer.transport == .web { statistics.webConnectionsOpen += 1 }
    }

    /// Admits a registered connection and asks for an alias, or tells it why not and closes it.
    func admit(_ id: ConnectionID) {
        guard let member = members[id] else { return }
        if let refusal = refusal(of: member.peer, group: member.addressGroup) {
            close(id, after: refusal)
            return
        }
        statistics.connectionsAccepted += 1
        members[id]?.admitted = true
        keepCurrentState(of: id)
        send(.nick(hint: "choose an alias"), to: id)
        startHandshakeTimer(id)
    }

    func startHandshakeTimer(_ id: ConnectionID) {
        let timeout = settings.handshakeTimeoutSeconds
        guard timeout > 0 else { return }
        handshakeTimers[id] = eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(timeout))) { [self] in
            handshakeTimers[id] = nil
            switch members[id]?.phase {
            case .choosingAlias, .claiming:
                close(id, after: .error("no alias chosen within \(timeout) seconds, goodbye"))
            case .chatting, .departed, .closing, nil:
                return
            }
        }
    }

    func cancelHandshakeTimer(_ id: ConnectionID) {
        handshakeTimers.removeValue(forKey: id)?.cancel()
    }

    private func refusal(of peer: Peer, group: IPAddress?) -> ServerLine? {
        if isShuttingDown { return .error("server shutting down") }
        if let group, let ban = bans.addressBan(group, now: .now) {
            statistics.connectionsRefused += 1
            return .error("your address is banned: \(ban)")
        }
        let verdict = admission.admit(peer.address, countedAs: group)
        guard verdict == .admitted else {
            statistics.connectionsRefused += 1
            logger.info(
                "connection refused",
                metadata: ["peer": "\(peer.description)", "limit": verdict == .serverFull ? "max-clients" : "max-clients-per-address"]
                    + JournalEvent.limitHit.metadata
            )
            return verdict == .serverFull
                ? .error("server full")
                : .error("server full: too many connections from your address")
        }
        return nil
    }

    /// Bytes read from a connection, counted whatever becomes of them.
    func received(byteCount: Int) {
        statistics.bytesIn += byteCount
    }

    /// One complete input line (or an over-long one) from a connection.
    func received(_ frame: LineFramer.Frame, from id: ConnectionID) {
        guard let index = members.index(forKey: id) else { return }
        switch (members.values[index].inputArrived(at: time(nil)), frame) {
        case (.departed, _), (.closing, _):
            return
        case (.choosingAlias, .overlong(maxLineBytes: let limit)):
            refuseAlias(id, "line too long (over \(limit) bytes), discarded")
        case (.claiming, .overlong(maxLineBytes: let limit)):
            send(.error("line too long (over \(limit) bytes), discarded"), to: id)
        case (.claiming, .line(let line)):
            hold(line, from: id)
        case (.chatting, .overlong(maxLineBytes: let limit)):
            send(.error("line too long (over \(limit) bytes), discarded"), to: id)
        case (.choosingAlias, .line(let line)):
            guard let requested = String(validating: line.readableBytesView, as: UTF8.self) else {
                refuseAlias(id, "an alias may only use ASCII letters, digits, '_', '-' and '.'")
                return
            }
            login(id, as: requested)
        case (.chatting, .line(let line)):
            switch line.withUnsafeReadableBytes({ ClientCommand.read($0) }) {
            case .nothing: return
            case .invalidUTF8: send(.error("line is not valid UTF-8, discarded"), to: id)
            case .command(let command): handle(command, from: id)
            }
        }
    }

    private func login(_ id: ConnectionID, as alias: String) {
        let banned = bans.aliasBan(alias, now: .now).map { "the alias \(alias) is banned: \($0)" }
        guard cluster != nil else {
            completeLogin(id, as: alias, refusal: banned)
            return
        }
        if let problem = room.problem(with: alias, refusal: banned) {
            refuseAlias(id, problem)
        } else {
            claim(alias, for: id)
        }
    }

    /// `joinSequence`: the cluster's place for the user in the join order.
    func completeLogin(_ id: ConnectionID, as alias: String, refusal: String? = nil, joinSequence: UInt64? = nil) {
        switch room.login(id, as: alias, refusal: refusal, joinSequence: joinSequence) {
        case .refused(let why):
            refuseAlias(id, why)
        case .joined(let welcome, let announcement):
            guard var member = members[id] else { return }
            cancelHandshakeTimer(id)
            member.phase = .chatting(alias: alias)
            // Nothing broadcast before the login is the newcomer's.
            member.broadcastOffset = tick.writtenBytes
            members[id] = member
            usersOnline += 1
            statistics.usersPeak = max(statistics.usersPeak, usersOnline)
            keepCurrentState(of: id)
            send(welcome, to: id)
            if let announcement { broadcast(announcement, except: id) }
            publishJoin(of: id, as: alias, member: member)
            logger.info(
                "user joined",
                metadata: ["alias": "\(alias)", "peer": "\(member.peer.description)"] + JournalEvent.joined.metadata
            )
        }
    }

    /// A bad line during the handshake: asked again, up to a point. Each
    /// refusal costs chatd more output than the line cost the client.
    func refuseAlias(_ id: ConnectionID, _ why: String) {
        send(.error(why), to: id)
        members[id]?.refusedAliases += 1
        if let refused = members[id]?.refusedAliases, refused >= Self.maximumRefusedAliases {
            close(id, after: .error("\(refused) aliases refused, goodbye"))
        } else {
            send(.nick(hint: "choose another alias"), to: id)
        }
    }

    private func handle(_ command: ClientCommand, from id: ConnectionID) {
        members[id]?.messagesSent += 1
        switch room.handle(command, from: id) {
        case .toEveryone(let line):
            statistics.broadcastsRelayed += 1
            broadcast(line)
            publish(.broadcast(line: line.text))
        case .toMember(let recipient, let line):
            statistics.directMessagesRelayed += 1
            if RemoteMembers.isRemote(recipient) {
                sendToRemote(line, recipient)
            } else {
                send(line, to: recipient)
            }
        case .toSender(let lines):
            for line in lines { send(line, to: id) }
        case .quit(let reason):
            depart(id, .quit, reason: reason)
            close(id, after: .bye)
        }
    }

    /// Takes a logged-in user out of the room and tells the others why
    /// (`reason`, shown as given; the kind's own words when nil); the
    /// connection itself stays until `close` or the transport ends it.
    func depart(_ id: ConnectionID, _ departure: Departure, reason given: String? = nil) {
        let reason = given ?? departure.rawValue
        guard let member = members[id], let alias = member.alias else { return }
        deliverBroadcasts(to: id)
        members[id]?.phase = .departed
        usersOnline -= 1
        statistics.disconnectionsByReason[departure.rawValue, default: 0] += 1
        if let announcement = room.leave(id, reason: reason), !isShuttingDown {
            broadcast(announcement)
        }
        publishLeave(of: alias, reason: reason)
        logger.info(
            "user left",
            metadata: ["alias": "\(alias)", "peer": "\(member.peer.description)", "reason": "\(reason)"]
                + JournalEvent.left.metadata
        )
    }

    /// Ends a connection after `finalLine`, written through the counted path;
    /// the transport gets `deadline` to deliver it. A user still in the room
    /// leaves it first, as on a dropped connection, unless the caller already
    /// said why with `depart`.
    func close(_ id: ConnectionID, after finalLine: ServerLine?, deadline: TimeAmount = ChatHub.closeDeadline) {
        guard let member = members[id], member.phase != .closing else { return }
        if member.alias != nil { depart(id, .connectionLost) }
        cancelHandshakeTimer(id)
        if let finalLine { send(finalLine, to: id) }
        members[id]?.phase = .closing
        members[id]?.awaitingFlush = false
        // Before the transport closes, so that the peer sees the end as soon as chatd's own copy goes.
        forgetKept(id)
        member.connection.close(deadline: deadline)
    }

    /// The peer ended its input once its complete lines were handled.
    func inputEnded(_ id: ConnectionID) {
        close(id, after: nil)
    }

    /// The transport is gone (called once per connection).
    func closed(_ id: ConnectionID) {
        guard let member = members[id] else { return }
        _ = cluster?.removeClaim(of: id)
        // Handing over, chatd closes only its own copy: the next chatd goes on with the connection.
        if member.alias != nil, !handingOver { depart(id, .connectionLost) }
        if !handingOver { forgetKept(id) }
        cancelHandshakeTimer(id)
        members[id] = nil
        if member.peer.transport == .tls { statistics.tlsConnectionsOpen -= 1 }
        if member.peer.transport == .web { statistics.webConnectionsOpen -= 1 }
        if member.admitted { admission.release(member.addressGroup) }
        if members.isEmpty, let shutdown { shutdown.succeed() }
    }

    private func sendQueueExceeded(_ id: ConnectionID) {
        guard let member = members[id], member.phase != .closing else { return }
        logger.info(
            "send queue exceeded, disconnecting",
            metadata: ["alias": "\(member.alias ?? "")", "peer": "\(member.peer.description)", "limit": "\(member.sendQueueLimit)"]
                + JournalEvent.sendQueueExceeded.metadata
        )
        depart(id, .sendQueueExceeded)
        cancelHandshakeTimer(id)
        members[id]?.phase = .closing
        forgetKept(id)
        member.connection.abort()
    }

    // MARK: Output

    /// The one way a line leaves chatd.
    func send(_ line: ServerLine, to id: ConnectionID) {
        guard let index = members.index(forKey: id), members.values[index].phase != .closing else { return }
        if case .error = line { statistics.errorsSent += 1 }
        deliverBroadcasts(at: index)
        write(line.encoded, at: index, judgedNow: true)
    }

    func broadcast(_ line: ServerLine, except excluded: ConnectionID? = nil) {
        let skipped = excluded.flatMap { members.index(forKey: $0) }
        if let skipped { deliverBroadcasts(at: skipped) }
        tick.append(line)
        if let skipped { members.values[skipped].broadcastOffset = tick.writtenBytes }
        scheduleFlush()
    }

    /// Counts and enqueues; the first write of a tick books the member's
    /// flush. With `judgedNow`, a member this write takes over its send queue
    /// is cut at the end of the tick (not here: the caller may be walking
    /// `members`). The tick's broadcast slices share one buffer, so they are
    /// judged after the flush, by what the peer did not take.
    private func write(_ bytes: ByteBuffer, at index: Dictionary<ConnectionID, Member>.Index, judgedNow: Bool = false) {
        guard !handingOver, let booking = members.values[index].enqueue(bytes, judgedNow: judgedNow) else { return }
        statistics.bytesOut += bytes.readableBytes
        if booking.cut { tick.bookCut(members.keys[index]) }
        if booking.flush {
            tick.bookFlush(members.keys[index])
            scheduleFlush()
        }
    }

    private func deliverBroadcasts(to id: ConnectionID) {
        if let index = members.index(forKey: id) { deliverBroadcasts(at: index) }
    }

    /// Mid-tick, a member's unsent broadcasts go out before a line of its own,
    /// so that its lines keep their order.
    private func deliverBroadcasts(at index: Dictionary<ConnectionID, Member>.Index) {
        guard let pending = members.values[index].takeUnsentBroadcasts(of: tick) else { return }
        write(pending, at: index)
    }

    func scheduleFlush() {
        guard !tick.flushScheduled else { return }
        tick.flushScheduled = true
        eventLoop.assumeIsolated().execute { [self] in endTick() }
    }

    /// Every logged-in member gets its share of the tick's broadcasts (a
    /// slice of one buffer), then every member written to is flushed once
    /// and held to its send queue: what the transport did not take is what
    /// chatd keeps for it. Judging after the flush rather than on every
    /// write lets one tick's burst through to a healthy reader.
    private func endTick() {
        tick.flushScheduled = false
        sendClusterOutbound()
        cutOverQueued()
        if let broadcasts = tick.takeBroadcasts() {
            // Indices rather than `members.indices`, which would hold the
            // storage and make the first change copy the whole table.
            var index = members.startIndex
            while index != members.endIndex {
                if let share = members.values[index].takeShare(of: broadcasts) { write(share, at: index) }
                members.formIndex(after: &index)
            }
        }
        cutOverQueued()
        var batch = tick.takeAwaitingFlush()
        for id in batch {
            guard let index = members.index(forKey: id), let booked = members.values[index].takeFlush() else { continue }
            // The flush may end the connection (and the member) on the spot.
            let unsent = booked.connection.flush()
            if unsent > booked.sendQueueLimit { sendQueueExceeded(id) }
        }
        tick.recycle(&batch)
    }

    private func cutOverQueued() {
        for id in tick.takeCuts() { sendQueueExceeded(id) }
    }
}
