import AdminProtocol

/// What one node tells the others, one line of text each inside a
/// `NOTIFY` payload. Lines a user sees travel already encoded (`MSG alice
/// hi`), so the receiving nodes write them as they come. Format in
/// docs/cluster.md; a line this version cannot read is skipped.
enum ClusterEvent: Equatable, Sendable {
    /// A user of the sending node logged in, at `sequence` in the cluster's join order.
    case joined(alias: String, sequence: UInt64, connectedAt: Int, transport: Transport, peer: String)
    case left(alias: String, reason: String)
    /// An encoded server line (without its LF) for every user.
    case broadcast(line: String)
    /// An encoded server line for the one user called `to`, wherever they are.
    case direct(to: String, line: String)
    /// The node where `alias` is connected kicks them.
    case kick(alias: String, reason: String)
    case banAlias(alias: String, seconds: Int)
    case banAddress(address: String, seconds: Int, reason: String)
    /// The sender's users are as its rows in the presence table say: read them again.
    case resynchronised
    /// `node` stopped beating: its users are gone.
    case nodeLost(node: String)

    var encoded: String {
        switch self {
        case .joined(let alias, let sequence, let connectedAt, let transport, let peer):
            "J \(sequence) \(connectedAt) \(transport.rawValue) \(peer) \(alias)"
        case .left(let alias, let reason): "L \(alias) \(reason)"
        case .broadcast(let line): "B \(line)"
        case .direct(let to, let line): "D \(to) \(line)"
        case .kick(let alias, let reason): "K \(alias) \(reason)"
        case .banAlias(let alias, let seconds): "A \(seconds) \(alias)"
        case .banAddress(let address, let seconds, let reason): "I \(seconds) \(address) \(reason)"
        case .resynchronised: "S"
        case .nodeLost(let node): "X \(node)"
        }
    }

    /// Words are split among Unicode scalars: a text starting with a
    /// combining mark makes the space before it part of one Character.
    init?(decoding line: Substring) {
        guard let kind = line.unicodeScalars.first else { return nil }
        var rest = line.unicodeScalars.dropFirst().drop { $0 == " " }
        func word() -> Substring? {
            let next = rest.prefix { $0 != " " }
            guard !next.isEmpty else { return nil }
            rest = rest[next.endIndex...].dropFirst()
            return Substring(next)
        }
        func number() -> Int? { word().flatMap { Int($0) } }
        switch kind {
        case "J":
            guard let sequence = word().flatMap({ UInt64($0) }), let connectedAt = number(),
                  let transport = word().flatMap({ Transport(rawValue: String($0)) }), let peer = word(), let alias = word()
            else { return nil }
            self = .joined(alias: String(alias), sequence: sequence, connectedAt: connectedAt, transport: transport, peer: String(peer))
        case "L":
            guard let alias = word() else { return nil }
            self = .left(alias: String(alias), reason: String(Substring(rest)))
        case "B":
            guard !rest.isEmpty else { return nil }
            self = .broadcast(line: String(Substring(rest)))
        case "D":
            guard let to = word(), !rest.isEmpty else { return nil }
            self = .direct(to: String(to), line: String(Substring(rest)))
        case "K":
            guard let alias = word() else { return nil }
            self = .kick(alias: String(alias), reason: String(Substring(rest)))
        case "A":
            guard let seconds = number(), let alias = word() else { return nil }
            self = .banAlias(alias: String(alias), seconds: seconds)
        case "I":
            guard let seconds = number(), let address = word() else { return nil }
            self = .banAddress(address: String(address), seconds: seconds, reason: String(Substring(rest)))
        case "S":
            self = .resynchronised
        case "X":
            guard let node = word() else { return nil }
            self = .nodeLost(node: String(node))
        default:
            return nil
        }
    }
}
