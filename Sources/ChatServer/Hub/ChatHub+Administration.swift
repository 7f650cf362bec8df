import AdminProtocol
import ChatCore
import ChatProtocol
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// What `chatctl` asks of the hub. `actor` tags the log lines with the
/// administrator who asked (admin-uid, admin-pid).
extension ChatHub {
    /// Returns how many users got the notice.
    func notice(_ text: String, by actor: Logger.Metadata) -> Int {
        statistics.noticesSent += 1
        broadcast(.notice(text))
        logger.warning("notice sent", metadata: actor + ["recipients": "\(usersOnline)"] + JournalEvent.notice.metadata)
        return usersOnline
    }

    /// Returns who was kicked, or nil when nobody by that alias is online.
    func kick(_ alias: String, reason: String, by actor: Logger.Metadata) -> (alias: String, peer: Peer)? {
        guard let id = room.roster.member(named: alias), let member = members[id], let shown = member.alias else { return nil }
        kick(id, reason: reason, by: actor)
        return (shown, member.peer)
    }

    private func kick(_ id: ConnectionID, reason: String, by actor: Logger.Metadata) {
        guard let member = members[id] else { return }
        statistics.kicks += 1
        logger.warning(
            "user kicked",
            metadata: actor + ["alias": "\(member.alias ?? "")", "peer": "\(member.peer.description)", "reason": "\(reason)"]
                + JournalEvent.kicked.metadata
        )
        depart(id, .kicked, reason: reason)
        close(id, after: .kicked(reason: reason))
    }

    func ban(alias: String, for duration: Duration) {
        bans.ban(alias: alias, until: .now + duration)
    }

    /// Bans the address's group (its /64 for IPv6) and disconnects everyone
    /// already connected from it (kicking those logged in); returns how many
    /// connections that closed.
    func ban(address: IPAddress, for duration: Duration, reason: String, by actor: Logger.Metadata) -> Int {
        let group = address.limitGroup(ipv6Prefix: settings.ipv6Prefix)
        bans.ban(address: group, until: .now + duration)
        let affected = members.filter { $0.value.addressGroup == group }
        var closed = 0
        for (id, member) in affected {
            switch member.phase {
            case .chatting:
                kick(id, reason: reason, by: actor)
            case .choosingAlias:
                close(id, after: .error("your address is banned"))
            case .departed, .closing:
                continue
            }
            closed += 1
        }
        return closed
    }

    /// Everyone logged in, in join order.
    var users: [UserInfo] {
        let now = time(nil)
        return room.roster.aliasesInJoinOrder.compactMap { alias in
            guard let id = room.roster.member(named: alias), let member = members[id] else { return nil }
            return UserInfo(
                alias: alias,
                peer: member.peer.description,
                transport: member.peer.transport,
                connectedAt: member.connectedAt,
                idleSeconds: max(0, now - member.lastActivity),
                messagesSent: member.messagesSent,
                queuedBytes: member.connection.queuedBytes
            )
        }
    }

    /// The counters with the live figures filled in.
    var statisticsReport: StatisticsReport {
        var report = statistics
        report.uptimeSeconds = Int((ContinuousClock.now - startedAt).components.seconds)
        report.usersOnline = usersOnline
        report.connectionsOpen = members.count
        return report
    }
}
