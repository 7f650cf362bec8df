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
    /// `1.2.3.4:5678` or `[::1]:5678`, for logs and `chatctl list`.
    let description: String
    let transport: Transport

    init(address: IPAddress?, port: Int?, transport: Transport) {
        self.address = address
        self.transport = transport
        if let address {
            let shown = address.description
            description = shown.contains(":") ? "[\(shown)]:\(port ?? 0)" : "\(shown):\(port ?? 0)"
        } else {
            description = "unknown"
        }
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

    let connection: any ChatConnection
    let peer: Peer
    /// What per-address limits and bans count the peer as (its /64 for IPv6).
    let addressGroup: IPAddress?
    /// Seconds since the Unix epoch.
    let connectedAt: Int
    /// The `send-queue-bytes` in force when it connected.
    let sendQueueLimit: Int
    var phase: Phase = .choosingAlias
    /// Whether it holds one of the admission slots (max-clients, per-address).
    var admitted = false
    var lastActivity: Int
    var messagesSent = 0
    /// Aliases refused so far in the handshake.
    var refusedAliases = 0
    /// Where this member's share of the tick's broadcasts begins.
    var broadcastOffset = 0
    /// Something was enqueued since the last flush.
    var awaitingFlush = false
    /// Over its send queue: nothing more is queued, and it is cut at the end of the tick.
    var overQueue = false
    var handshakeTimer: Scheduled<Void>?
    /// Its slot in the state file, if it is kept across a restart.
    var keptSlot: Int?

    var alias: String? {
        if case .chatting(let alias) = phase { return alias }
        return nil
    }
}
