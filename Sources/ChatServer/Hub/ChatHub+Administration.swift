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
    /// Returns how many users got the notice (on every node of a cluster).
    func notice(_ text: String, by actor: Logger.Metadata) -> Int {
        statistics.noticesSent += 1
        broadcast(.notice(text))
        publish(.broadcast(line: ServerLine.notice(text).text))
        let recipients = cluster?.reachable == true ? room.roster.count : usersOnline
        logger.warning("notice sent", metadata: actor + ["recipients": "\(recipients)"] + JournalEvent.notice.metadata)
        return recipients
    }

    /// Returns who was kicked, or nil when nobody by that alias is online.
    /// A user of another node is kicked there.
    func kick(_ alias: String, reason: String, by actor: Logger.Metadata) -> (alias: String, peer: Peer)? {
        guard let id = room.roster.member(named: alias) else { return nil }
        if let remote = cluster?.remote.byID[id] {
            publish(.kick(alias: remote.alias, reason: reason))
            logger.warning(
                "user kicked",
                metadata: actor + ["alias": "\(remote.alias)", "cluster-node": "\(remote.node)", "reason": "\(reason)"]
                    + JournalEvent.kicked.metadata
            )
            statistics.kicks += 1
            return (remote.alias, remote.peer)
        }
        guard let member = members[id], let shown = member.alias else { return nil }
        kick(id, reason: reason, by: actor)
        return (shown, member.peer)
    }

    func kick(_ id: ConnectionID, reason: String, by actor: Logger.Metadata) {
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

    /// On every node of a cluster.
    func ban(alias: String, for duration: Duration) {
        bans.ban(alias: alias, until: .now + duration)
        publish(.banAlias(alias: alias, seconds: Int(duration.components.seconds)))
    }

    /// Bans the address's group (its /64 for IPv6) on every node and
    /// disconnects everyone already connected from it (kicking those logged
    /// in); returns how many connections that closed here.
    func ban(address: IPAddress, for duration: Duration, reason: String, by actor: Logger.Metadata) -> Int {
        publish(.banAddress(address: address.description, seconds: Int(duration.components.seconds), reason: reason))
        return banLocally(address: address, for: duration, reason: reason, by: actor)
    }

    func banLocally(address: IPAddress, for duration: Duration, reason: String, by actor: Logger.Metadata) -> Int {
        let group = address.limitGroup(ipv6Prefix: settings.ipv6Prefix)
        bans.ban(address: group, until: .now + duration)
        let affected = members.filter { $0.value.addressGroup == group }
        var closed = 0
        for (id, member) in affected {
            switch member.phase {
            case .chatting:
                kick(id, reason: reason, by: actor)
            case .choosingAlias, .claiming:
                close(id, after: .error("your address is banned"))
            case .departed, .closing:
                continue
            }
            closed += 1
        }
        return closed
    }

    /// Everyone logged in, in join order (on every node of a cluster).
    var users: [UserInfo] {
        let now = time(nil)
        let nodeName = cluster?.nodeName
        return room.roster.aliasesInJoinOrder.compactMap { alias in
            guard let id = room.roster.member(named: alias) else { return nil }
            if let remote = cluster?.remote.byID[id] {
                return UserInfo(
                    alias: alias, peer: remote.peer.description, transport: remote.peer.transport, connectedAt: remote.connectedAt,
                    idleSeconds: 0, messagesSent: 0, queuedBytes: 0, node: remote.node
                )
            }
            guard let member = members[id] else { return nil }
            return UserInfo(
                alias: alias,
                peer: member.peer.description,
                transport: member.peer.transport,
                connectedAt: member.connectedAt,
                idleSeconds: max(0, now - member.lastActivity),
                messagesSent: member.messagesSent,
                queuedBytes: member.connection.queuedBytes,
                node: nodeName
            )
        }
    }

    /// The counters with the live figures filled in.
    var statisticsReport: StatisticsReport {
        var report = statistics
        report.uptimeSeconds = Int((ContinuousClock.now - startedAt).components.seconds)
        report.usersOnline = usersOnline
        report.connectionsOpen = members.count
        report.cluster = clusterReport
        return report
    }
}
