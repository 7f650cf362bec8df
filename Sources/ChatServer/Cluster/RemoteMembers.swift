import AdminProtocol
import ChatCore

/// A user connected to another node of the cluster, as this node knows them.
struct RemoteMember {
    let node: String
    let alias: String
    let connectedAt: Int
    let peer: Peer
}

/// The users of the other nodes. Each has a `ConnectionID` from a range of
/// its own (top bit set), so the room's roster holds them beside local
/// members and the chat rules need not know where anyone is.
struct RemoteMembers {
    static let firstNumber: UInt64 = 1 << 63

    private(set) var byID: [ConnectionID: RemoteMember] = [:]
    private var nextNumber = RemoteMembers.firstNumber

    static func isRemote(_ id: ConnectionID) -> Bool { id.number >= firstNumber }

    mutating func add(_ member: RemoteMember) -> ConnectionID {
        let id = ConnectionID(number: nextNumber)
        nextNumber += 1
        byID[id] = member
        return id
    }

    @discardableResult
    mutating func remove(_ id: ConnectionID) -> RemoteMember? {
        byID.removeValue(forKey: id)
    }

    func ids(on node: String) -> [ConnectionID] {
        byID.compactMap { $0.value.node == node ? $0.key : nil }
    }

    /// Users online per node, for `stats`.
    var usersByNode: [String: Int] {
        byID.values.reduce(into: [:]) { $0[$1.node, default: 0] += 1 }
    }
}

extension Peer {
    /// The inverse of `description` (`1.2.3.4:5678`, `[::1]:5678`, `unknown`).
    init(described text: String, transport: Transport) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            port = text[close...].dropFirst(2)
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            port = text[colon...].dropFirst()
        } else {
            host = ""
            port = ""
        }
        self.init(address: IPAddress(String(host)), port: Int(port), transport: transport)
    }
}
