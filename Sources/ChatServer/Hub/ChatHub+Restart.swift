import ChatProtocol
import Logging
import NIOCore

extension ChatHub {
    static let restoredNotice = "chatd was restarted; you are still connected"

    // MARK: Keeping

    /// Keeps the connection, or brings its record up to date with what it is now.
    func keepCurrentState(of id: ConnectionID) {
        guard !handingOver, kept != nil, let member = members[id] else { return }
        let login = member.alias.flatMap { alias in
            room.roster.joinSequence(of: id).map { ConnectionRecord.Login(joinSequence: $0, alias: alias) }
        }
        let record = ConnectionRecord(id: id, connectedAt: member.connectedAt, login: login)
        if let slot = member.keptSlot {
            kept?.update(slot, to: record)
        } else if let descriptor = member.connection.keepableDescriptor {
            // In place: a copy of the slot table per connection would cost a copy of 10,000 entries.
            let slot = kept?.keep(descriptor, as: record) ?? nil
            members[id]?.keptSlot = slot
            if slot == nil, let leftOut = keepFailureLog.admit(now: eventLoop.now) {
                logger.warning(
                    "a connection is not kept across a restart: the file descriptor store is full or systemd is behind",
                    metadata: ["peer": "\(member.peer.description)", "not-logged-since-last": "\(leftOut)"]
                )
            }
        }
    }

    /// systemd's copy would keep the peer's socket open after chatd closed its own.
    func forgetKept(_ id: ConnectionID) {
        guard let slot = members[id]?.keptSlot else { return }
        members[id]?.keptSlot = nil
        kept?.release(slot)
    }

    // MARK: Restoring

    /// A connection the previous chatd kept in `slot`, back as the member it
    /// was: same number, connect time, alias and place in the join order,
    /// announced to nobody. Its own user gets a `NOTICE`. Returns nil when it
    /// cannot be a member (its number or alias is in use: a forged or corrupt
    /// record); the caller then closes it.
    func restore(_ connection: any ChatConnection, from peer: Peer, record: ConnectionRecord, slot: Int) -> ConnectionID? {
        let id = record.id
        guard members[id] == nil else { return nil }
        if let login = record.login, !room.restore(id, as: login.alias, joinSequence: login.joinSequence) { return nil }
        add(id, connection: connection, from: peer, connectedAt: record.connectedAt)
        kept?.adopt(id, at: slot)
        members[id]?.keptSlot = kept == nil ? nil : slot
        members[id]?.admitted = true
        admission.readmit(members[id]?.addressGroup)
        if let login = record.login {
            members[id]?.phase = .chatting(alias: login.alias)
            members[id]?.broadcastOffset = tick.writtenBytes
            usersOnline += 1
            statistics.usersPeak = max(statistics.usersPeak, usersOnline)
            send(.notice("\(Self.restoredNotice) as \(login.alias)"), to: id)
        } else {
            send(.notice("\(Self.restoredNotice); choose an alias"), to: id)
            startHandshakeTimer(id)
        }
        return id
    }

    // MARK: Handing over

    /// Gets every connection ready for the next chatd: a connection that
    /// cannot be carried (TLS) is told why and closed, and the others learn
    /// that it left, as usual; every other connection stops reading and
    /// writes out what it was sent. Once all output is written or `deadline`
    /// has passed, chatd closes its own copies, and the future gives what
    /// the next chatd needs.
    func beginHandOver(deadline: TimeAmount) -> EventLoopFuture<HandOver> {
        for (id, member) in members where member.keptSlot == nil {
            switch member.phase {
            case .chatting:
                depart(id, .serverRestarting)
                close(id, after: .notice("chatd is restarting and cannot carry this connection over: please reconnect"))
            case .choosingAlias, .claiming, .departed:
                close(id, after: .error("chatd is restarting: please reconnect"))
            case .closing:
                continue
            }
        }
        let promise = eventLoop.makePromise(of: HandOver.self)
        // After the tick that carries the departures out (queued before this).
        eventLoop.assumeIsolated().execute { [self] in
            handingOver = true
            for (id, member) in members where member.keptSlot != nil {
                cancelHandshakeTimer(id)
                member.connection.suspendForHandOver()
            }
            let giveUp = eventLoop.now + deadline
            func waitForOutput() {
                let unwritten = members.values.filter { $0.keptSlot != nil && $0.connection.queuedBytes > 0 }.count
                guard unwritten > 0, eventLoop.now < giveUp else {
                    if unwritten > 0 {
                        logger.warning(
                            "handing over before every connection took its output: the rest of it is lost",
                            metadata: ["connections": "\(unwritten)"]
                        )
                    }
                    var handOver = HandOver()
                    for (id, member) in members where member.keptSlot != nil {
                        let input = member.connection.handOver()
                        if !input.bytes.isEmpty || input.discarding { handOver.inputs[id] = input }
                    }
                    promise.succeed(handOver)
                    return
                }
                eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(10)) { waitForOutput() }
            }
            waitForOutput()
        }
        return promise.futureResult
    }
}
