import AdminProtocol
import ChatCore
import ChatProtocol
import Logging
import NIOCore

/// The hub as one node of a cluster: logins wait for PostgreSQL to grant
/// the alias cluster-wide, what local users do is told to the other nodes
/// once per tick, and what the other nodes tell is played into the room as
/// if their users were here. Without a cluster every method here is a no-op.
extension ChatHub {
    // MARK: Telling the others

    /// An autoclosure: without a cluster, a broadcast must not pay for
    /// encoding an event nobody will read.
    func publish(_ event: @autoclosure () -> ClusterEvent) {
        guard cluster?.reachable == true, !handingOver else { return }
        cluster?.outbound.events.append(event())
        scheduleFlush()
    }

    func publishJoin(of id: ConnectionID, as alias: String, member: Member) {
        guard let sequence = room.roster.joinSequence(of: id) else { return }
        publish(.joined(
            alias: alias, sequence: sequence, connectedAt: member.connectedAt, transport: member.peer.transport,
            peer: member.peer.description
        ))
    }

    /// The alias is free again cluster-wide, and the others hear why its user left.
    func publishLeave(of alias: String, reason: String) {
        guard cluster != nil, !handingOver else { return }
        cluster?.outbound.releases.append(PresenceRow.key(of: alias))
        publish(.left(alias: alias, reason: reason))
        scheduleFlush()  // the release goes out even while the events cannot
    }

    func sendToRemote(_ line: ServerLine, _ recipient: ConnectionID) {
        guard let target = cluster?.remote.byID[recipient] else { return }
        publish(.direct(to: target.alias, line: line.text))
    }

    /// Hands the tick's requests to the link, in the order they were made.
    func sendClusterOutbound() {
        guard let membership = cluster, !membership.outbound.isEmpty else { return }
        cluster?.outbound = ClusterOutbound()
        membership.link.submit(membership.outbound)
    }

    // MARK: Logins

    /// Asks PostgreSQL for the alias; the answer comes to `clusterClaimed`.
    func claim(_ alias: String, for id: ConnectionID) {
        guard let membership = cluster, let member = members[id] else { return }
        guard membership.reachable else {
            refuseAlias(id, "the other chat nodes are out of reach, so no alias can be checked now; try again shortly")
            return
        }
        // PostgreSQL answers by alias: two claims for one alias in one batch would both read as granted.
        if membership.isClaimed(alias) {
            refuseAlias(id, "the alias \(alias) is taken")
            return
        }
        members[id]?.phase = .claiming(alias: alias)
        cluster?.addClaim(alias, for: id)
        cluster?.outbound.claims.append(ClusterOutbound.Claim(
            id: id, alias: alias, connectedAt: member.connectedAt, transport: member.peer.transport, peer: member.peer.description
        ))
        scheduleFlush()
    }

    /// A line from a user whose alias is being claimed: handled once the
    /// claim is decided, as it would have been on a node of its own.
    func hold(_ line: ByteBuffer, from id: ConnectionID) {
        guard cluster?.hold(line, for: id) == true else {
            send(.error("wait for WELCOME before sending more, line discarded"), to: id)
            return
        }
    }

    private func replay(_ claim: ClusterMembership.PendingClaim?, for id: ConnectionID) {
        for line in claim?.heldLines ?? [] {
            received(.line(line), from: id)
        }
    }

    /// PostgreSQL's answers: a place in the join order for each alias granted, nil for one taken.
    func clusterClaimed(_ answers: [(id: ConnectionID, alias: String, sequence: UInt64?)]) {
        for answer in answers {
            guard let member = members[answer.id], member.phase == .claiming(alias: answer.alias) else {
                // Gone meanwhile: the alias it got is free again.
                if answer.sequence != nil { cluster?.outbound.releases.append(PresenceRow.key(of: answer.alias)) }
                scheduleFlush()
                continue
            }
            let pending = cluster?.removeClaim(of: answer.id)
            members[answer.id]?.phase = .choosingAlias
            if let sequence = answer.sequence {
                completeLogin(answer.id, as: answer.alias, joinSequence: sequence)
                if members[answer.id]?.alias == nil {
                    cluster?.outbound.releases.append(PresenceRow.key(of: answer.alias))
                    scheduleFlush()
                }
            } else {
                refuseAlias(answer.id, "the alias \(answer.alias) is taken")
            }
            replay(pending, for: answer.id)
        }
    }

    /// The claims could not be sent: the engine went out of reach on the way.
    func clusterClaimsFailed(_ claims: [(id: ConnectionID, alias: String)]) {
        for claim in claims {
            guard members[claim.id]?.phase == .claiming(alias: claim.alias) else { continue }
            let pending = cluster?.removeClaim(of: claim.id)
            members[claim.id]?.phase = .choosingAlias
            refuseAlias(claim.id, "the other chat nodes are out of reach, so no alias can be checked now; try again shortly")
            replay(pending, for: claim.id)
        }
    }

    // MARK: What the others tell

    /// Another node's events. Whoever can NOTIFY on the channel can send
    /// anything, so text is held to what a node sends (sanitized lines,
    /// valid aliases, known words); anything else is dropped.
    func clusterReceived(_ events: [ClusterEvent], from node: String) {
        guard cluster?.reachable == true, node != cluster?.nodeName else { return }
        for event in events {
            switch event {
            case .joined(let alias, let sequence, let connectedAt, let transport, let peer):
                addRemote(PresenceRow(node: node, alias: alias, sequence: sequence, connectedAt: connectedAt, transport: transport, peer: peer))
            case .left(let alias, let reason):
                guard Self.isClean(reason), let id = room.roster.member(named: alias), cluster?.remote.byID[id]?.node == node else { continue }
                removeRemote(id, reason: reason)
            case .broadcast(let text):
                guard Self.isClean(text), let line = ServerLine(parsing: text) else { continue }
                broadcast(line)
            case .direct(let to, let text):
                guard Self.isClean(text), let line = ServerLine(parsing: text), let id = room.roster.member(named: to), members[id] != nil
                else { continue }
                send(line, to: id)
            case .kick(let alias, let reason):
                guard Self.isClean(reason), let id = room.roster.member(named: alias), members[id] != nil else { continue }
                kick(id, reason: reason, by: ["node": "\(node)"])
            case .banAlias, .banAddress:
                applyBan(event, by: ["node": "\(node)"])
            case .resynchronised:
                continue
            case .nodeLost(let lost):
                clusterNodeLost(lost)
            }
        }
    }

    /// The bans in force in the cluster, read when this node joins.
    func clusterBans(_ events: [ClusterEvent]) {
        for event in events { applyBan(event, by: ["cluster-bans": "on join"]) }
    }

    private func applyBan(_ event: ClusterEvent, by actor: Logger.Metadata) {
        switch event {
        case .banAlias(let alias, let seconds):
            bans.ban(alias: alias, until: .now + .seconds(seconds))
        case .banAddress(let address, let seconds, let reason):
            guard let address = IPAddress(address), Self.isClean(reason) else { return }
            _ = banLocally(address: address, for: .seconds(seconds), reason: reason, by: actor)
        default:
            return
        }
    }

    /// Text as chatd's own sanitizer leaves it: nothing a terminal would obey.
    private static func isClean(_ text: String) -> Bool {
        TextSanitizer.sanitize(Array(text.utf8)) == .text(text)
    }

    /// `node`'s users are exactly `rows` (read from the presence table).
    func clusterNodeUsers(_ node: String, _ rows: [PresenceRow]) {
        guard let membership = cluster, membership.reachable, node != membership.nodeName else { return }
        replaceRemote(of: [node], with: rows)
    }

    func clusterNodeLost(_ node: String) {
        guard let membership = cluster, node != membership.nodeName else { return }
        for id in membership.remote.ids(on: node) { removeRemote(id, reason: "node lost") }
        logger.warning("cluster node lost", metadata: ["node": "\(node)"] + JournalEvent.clusterNodeLost.metadata)
    }

    private func addRemote(_ row: PresenceRow) {
        guard cluster != nil, AliasPolicy(reserved: []).problem(with: row.alias) == nil, Self.isClean(row.peer) else { return }
        if let existing = room.roster.member(named: row.alias) {
            guard let known = cluster?.remote.byID[existing], known.node != row.node else { return }
            // PostgreSQL granted the alias to `row.node`: what this node knew is stale.
            removeRemote(existing, reason: "connection lost")
        }
        let member = RemoteMember(
            node: row.node, alias: row.alias, connectedAt: row.connectedAt, peer: Peer(described: row.peer, transport: row.transport)
        )
        guard let id = cluster?.remote.add(member) else { return }
        switch room.join(remote: id, as: row.alias, joinSequence: row.sequence) {
        case .taken:
            cluster?.remote.remove(id)
        case .joined(let announcement):
            if let announcement { broadcast(announcement) }
        }
    }

    private func removeRemote(_ id: ConnectionID, reason: String) {
        guard cluster?.remote.remove(id) != nil else { return }
        if let announcement = room.leave(id, reason: reason) { broadcast(announcement) }
    }

    /// Brings what this node knows of `nodes` in line with `rows`: who left is
    /// announced as lost, who is new as joined, who stayed is left alone.
    private func replaceRemote(of nodes: Set<String>?, with rows: [PresenceRow]) {
        guard let membership = cluster else { return }
        let wanted = Dictionary(rows.map { (PresenceRow.key(of: $0.alias), $0) }, uniquingKeysWith: { first, _ in first })
        for (id, member) in membership.remote.byID where nodes?.contains(member.node) ?? true {
            let row = wanted[PresenceRow.key(of: member.alias)]
            if row?.node != member.node { removeRemote(id, reason: "connection lost") }
        }
        for row in rows.sorted(by: { $0.sequence < $1.sequence }) { addRemote(row) }
    }

    // MARK: The engine comes and goes

    /// Joined (again): `others` is every user of the other nodes; `lost` the
    /// local users whose alias another node granted while this one was away.
    func clusterJoined(others: [PresenceRow], lost: [String]) {
        guard let membership = cluster else { return }
        cluster?.reachable = true
        let rejoined = membership.everJoined
        cluster?.everJoined = true
        for alias in lost {
            guard let id = room.roster.member(named: alias), members[id] != nil else { continue }
            depart(id, .connectionLost)
            close(id, after: .notice("while this node was out of reach of the others, someone there took the alias \(alias); please log in again"))
        }
        replaceRemote(of: nil, with: others)
        if rejoined {
            broadcast(.notice("this node reaches the other chat nodes again: \(room.roster.count) users online"))
        }
        logger.notice(
            rejoined ? "cluster rejoined" : "cluster joined",
            metadata: ["cluster-node": "\(membership.nodeName)", "remote-users": "\(others.count)"] + JournalEvent.clusterJoined.metadata
        )
    }

    /// The engine is out of reach: the other nodes' users are gone from here
    /// until it is back; local chat goes on, new logins wait. (The link says
    /// so in the journal, also when it never joined.)
    func clusterUnreachable() {
        guard let membership = cluster, membership.reachable else { return }
        cluster?.reachable = false
        cluster?.outbound = ClusterOutbound()
        clusterClaimsFailed(membership.outbound.claims.map { (id: $0.id, alias: $0.alias) })
        for id in membership.remote.byID.keys { removeRemote(id, reason: "node out of reach") }
        cluster?.roundTripMilliseconds = nil
        cluster?.notificationQueueUsage = nil
        cluster?.liveNodes = []
        broadcast(.notice("the other chat nodes are out of reach: chat with users of this node goes on, new logins wait until they are back"))
    }

    /// Every local user, as the presence table should have them.
    var localPresence: [PresenceRow] {
        guard let nodeName = cluster?.nodeName else { return [] }
        return members.compactMap { id, member in
            guard let alias = member.alias, let sequence = room.roster.joinSequence(of: id) else { return nil }
            return PresenceRow(
                node: nodeName, alias: alias, sequence: sequence, connectedAt: member.connectedAt, transport: member.peer.transport,
                peer: member.peer.description
            )
        }
    }

    func clusterHealth(roundTripMilliseconds: Double, notificationQueueUsage: Double, nodes: [String]) {
        cluster?.roundTripMilliseconds = roundTripMilliseconds
        cluster?.notificationQueueUsage = notificationQueueUsage
        cluster?.liveNodes = nodes
    }

    var clusterReport: ClusterReport? {
        guard let membership = cluster else { return nil }
        var perNode = membership.remote.usersByNode
        for node in membership.liveNodes where perNode[node] == nil { perNode[node] = 0 }
        perNode[membership.nodeName] = usersOnline
        return ClusterReport(
            clusterName: membership.link.clusterName, nodeName: membership.nodeName, connected: membership.reachable,
            nodes: perNode.sorted { $0.key < $1.key }.map { ClusterReport.Node(name: $0.key, usersOnline: $0.value) },
            roundTripMilliseconds: membership.roundTripMilliseconds, notificationQueueUsage: membership.notificationQueueUsage,
            outboundQueued: membership.link.queuedBatches, outboundCapacity: ClusterLink.outboundCapacity
        )
    }
}
