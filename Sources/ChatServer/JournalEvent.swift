import Logging

/// The events an operator cares about, each with the journal MESSAGE_ID that
/// `packaging/catalog/chatd.catalog` explains (`journalctl -x`).
public enum JournalEvent: String, Sendable {
    case started
    case stopped
    case joined
    case left
    case kicked
    case notice
    case sendQueueExceeded = "send-queue-exceeded"
    case limitHit = "limit-hit"
    case reloaded
    case banned
    case adminList = "admin-list"
    case adminStats = "admin-stats"
    case adminRefused = "admin-refused"
    case adminDenied = "admin-denied"
    case tlsReloaded = "tls-reloaded"
    case tlsReloadFailed = "tls-reload-failed"
    case tlsCertificateExpiring = "tls-certificate-expiring"
    case tlsHandshakeFailed = "tls-handshake-failed"
    case handedOver = "connections-handed-over"
    case restored = "connections-restored"
    case notRestored = "connection-not-restored"
    case clusterJoined = "cluster-joined"
    case clusterUnreachable = "cluster-unreachable"
    case clusterNodeLost = "cluster-node-lost"
    case clusterQueueFilling = "cluster-queue-filling"

    public var messageID: String {
        switch self {
        case .started: return "0e44ec6ed2bf44638ed87a9717bcde0e"
        case .stopped: return "38cdfd03d6fd4f5aadc5ea66bed47a29"
        case .joined: return "f974d4c59349411cb642193b9925d390"
        case .left: return "5bf5f7b252694af18cc34681f2cdba18"
        case .kicked: return "ef975720aea64794b4f6648ac7fee424"
        case .notice: return "29f07023232348629a13f346b7dc12d1"
        case .sendQueueExceeded: return "dbaff68bc785421eb2cd3d0babef2c18"
        case .limitHit: return "45a7be641f6149b88d1ac1ad0b9c8d09"
        case .reloaded: return "c998441af31a4285aaf2b3ed5f3c183a"
        case .banned: return "46b2482afa434c22a7cea13bc224cb19"
        case .adminList: return "e5d493779a8d491a9adfee37d49fdd72"
        case .adminStats: return "7c57884da65a4e1a8afa7b8ee23902c4"
        case .adminRefused: return "fc91a3a05f13405d95528e655472d5cc"
        case .adminDenied: return "a06a442068f342f98027c6951b2de3ad"
        case .tlsReloaded: return "019c059d8580401a890748fa697d97f8"
        case .tlsReloadFailed: return "55eb79e5d47141918c933785dce91c9a"
        case .tlsCertificateExpiring: return "a85737e71eff438e9a8f9e98c3eb1eb6"
        case .tlsHandshakeFailed: return "189a02ffdb3b4d1e9b3daafb8c51972a"
        case .handedOver: return "1b5f33f9b8374ec9a901df275c3aff10"
        case .restored: return "d70d3796ebb944a48def8769f893d6f3"
        case .notRestored: return "8f021fcc846f406f9228c8695eba0bf0"
        case .clusterJoined: return "660b8a3d2b564be69116c0e44fd4058d"
        case .clusterUnreachable: return "86696ba0e4fe466d95525991a3c4dccc"
        case .clusterNodeLost: return "3e7b15f3c136470fa8aaf16ef0156677"
        case .clusterQueueFilling: return "5ed7562b1f28434c834cab20f6a9625a"
        }
    }

    /// Metadata that tags a log line with this event (journal: CHATD_EVENT, MESSAGE_ID).
    public var metadata: Logger.Metadata {
        ["event": .string(rawValue), "MESSAGE_ID": .string(messageID)]
    }
}

extension Logger.Metadata {
    /// Merges event tags into per-call metadata.
    static func + (lhs: Logger.Metadata, rhs: Logger.Metadata) -> Logger.Metadata {
        lhs.merging(rhs) { _, new in new }
    }
}
