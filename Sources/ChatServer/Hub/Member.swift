import AdminProtocol
import ChatCore
import NIOCore

/// The hub's handle on a connection; numbers are never reused while chatd runs.
struct ConnectionID: Hashable, Sendable {
    let number: UInt64
}

/// Where a connection comes from, as chatd compares and shows it.
struct Peer: Sendable {
    /// nil for a transport without an IP address; per-address limits and bans then do not apply.
    let address: IPAddress?
    /// 0 when unknown.
    let port: UInt16
    let transport: Transport

    init(address: IPAddress?, port: Int?, transport: Transport) {
        self.address = address
        self.port = port.flatMap(UInt16.init(exactly:)) ?? 0
        self.transport = transport
    }

    /// `1.2.3.4:5678` or `[::1]:5678`, for logs and `chatctl list`; made when
    /// asked for, since every idle client would otherwise keep it.
    var description: String {
        guard let address else { return "unknown" }
        let shown = address.description
        return shown.contains(":") ? "[\(shown)]:\(port)" : "\(shown):\(port)"
    }
}

/// Every chat fact about one connection, kept by the hub alone.
struct Member {
    enum Phase: Equatable {
        /// Asked for an alias (or refused, and about to be closed).
        case choosingAlias
        /// Waiting for the cluster to say whether the alias is free on every node.
        case claiming(alias: String)
        case chatting(alias: String)
        /// Out of the room; its last line (`BYE`, `KICKED`) may still follow.
        case departed
        /// Handed to the transport to close: nothing more is read or sent.
        case closing
    }

    // Laid out widest first: the hub's table holds one of these per client,
    // and padding between fields would be paid ten thousand times.
    let connection: any ChatConnection
    /// What per-address limits and bans count the peer as (its /64 for IPv6).
    let addressGroup: IPAddress?
    /// Seconds since the Unix epoch.
    let connectedAt: Int
    /// The `send-queue-bytes` in force when it connected.
    let sendQueueLimit: Int
    var lastActivity: Int
    var messagesSent = 0
    /// Where this member's share of the tick's broadcasts begins.
    var broadcastOffset = 0
    let peer: Peer
    var phase: Phase = .choosingAlias
    /// Whether it holds one of the admission slots (max-clients, per-address).
    var admitted = false
    /// Something was enqueued since the last flush.
    var awaitingFlush = false
    /// Over its send queue: nothing more is queued, and it is cut at the end of the tick.
    var overQueue = false
    /// Aliases refused so far in the handshake (it is closed after a few).
    var refusedAliases: UInt8 = 0
    /// Its slot in the state file, if it is kept across a restart.
    var keptSlot: Int?

    init(connection: any ChatConnection, peer: Peer, addressGroup: IPAddress?, connectedAt: Int, sendQueueLimit: Int, lastActivity: Int) {
        self.connection = connection
        self.peer = peer
        self.addressGroup = addressGroup
        self.connectedAt = connectedAt
        self.sendQueueLimit = sendQueueLimit
        self.lastActivity = lastActivity
    }

    var alias: String? {
        if case .chatting(let alias) = phase { return alias }
        return nil
    }

    var isChatting: Bool {
        if case .chatting = phase { return true }
        return false
    }

    /// Notes input at `now` and returns the phase it arrived in: mutating, so
    /// that the hub does it in place, without copying the member.
    mutating func inputArrived(at now: Int) -> Phase {
        lastActivity = now
        return phase
    }
}
