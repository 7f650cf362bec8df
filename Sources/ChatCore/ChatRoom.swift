import ChatProtocol

/// The routing rules of chatd: who hears what. The network layer owns the
/// sockets and turns each `Reaction` into writes.
public struct ChatRoom<Member: Hashable & Sendable>: Sendable {
    public enum Reaction: Equatable, Sendable {
        case toEveryone(ServerLine)
        case toSender([ServerLine])
        case toMember(Member, ServerLine)
        /// The sender leaves: chatd answers `BYE`, closes, and announces the reason.
        case quit(reason: String)
    }

    public enum LoginOutcome: Equatable, Sendable {
        case refused(String)
        case joined(welcome: ServerLine, announcement: ServerLine?)
    }

    public static var helpLines: [String] {
        [
            "/users              list who is online",
            "/dm <alias> <text>  send a direct message",
            "/bm <text>          broadcast to everyone (so does any line not starting with /)",
            "/help               this help",
            "/quit [reason]      leave",
        ]
    }

    public var policy: AliasPolicy
    /// Join and leave are announced only while at most this many users are
    /// online, so a connect storm costs linear work; 0 always announces.
    public var presenceLimit: Int
    public private(set) var roster = Roster<Member>()

    public init(policy: AliasPolicy = AliasPolicy(), presenceLimit: Int = 1000) {
        self.policy = policy
        self.presenceLimit = presenceLimit
    }

    private func announces(withOnline count: Int) -> Bool {
        presenceLimit == 0 || count <= presenceLimit
    }

    /// Why `alias` cannot be had here and now, if it cannot; `refusal`
    /// carries an outside reason (an admin's ban).
    public func problem(with alias: String, refusal: String? = nil) -> String? {
        if let problem = policy.problem(with: alias) { return problem }
        if let refusal { return refusal }
        if roster.member(named: alias) != nil { return "the alias \(alias) is taken" }
        return nil
    }

    /// `joinSequence`: its place in the join order when someone else hands
    /// them out (the cluster); nil joins after everyone here.
    public mutating func login(_ member: Member, as alias: String, refusal: String? = nil, joinSequence: UInt64? = nil) -> LoginOutcome {
        if let problem = problem(with: alias, refusal: refusal) { return .refused(problem) }
        guard roster.add(member, alias: alias, joinSequence: joinSequence) else {
            return .refused("the alias \(alias) is taken")
        }
        let online = roster.count
        let info = online == 1 ? "you are the only user online" : "\(online) users online"
        return .joined(
            welcome: .welcome(alias: alias, info: info),
            announcement: announces(withOnline: online) ? .join(alias: alias) : nil
        )
    }

    /// Puts back a user who was logged in before chatd restarted, at its old
    /// place in the join order, announced to nobody; false when the alias is
    /// taken (only a corrupt or forged restart state can ask for that).
    public mutating func restore(_ member: Member, as alias: String, joinSequence: UInt64) -> Bool {
        roster.add(member, alias: alias, joinSequence: joinSequence)
    }

    public enum RemoteJoin: Equatable, Sendable {
        case taken
        case joined(announcement: ServerLine?)
    }

    /// A user of another node of the cluster, announced like a local login.
    public mutating func join(remote member: Member, as alias: String, joinSequence: UInt64) -> RemoteJoin {
        guard roster.add(member, alias: alias, joinSequence: joinSequence) else { return .taken }
        return .joined(announcement: announces(withOnline: roster.count) ? .join(alias: alias) : nil)
    }

    /// Returns the announcement for the others, if presence is being announced.
    public mutating func leave(_ member: Member, reason: String) -> ServerLine? {
        guard let alias = roster.remove(member) else { return nil }
        return announces(withOnline: roster.count) ? .leave(alias: alias, reason: reason) : nil
    }

    /// Inlinable, so that chatd's hub gets it specialised for its member type.
    @inlinable
    public func handle(_ command: ClientCommand, from member: Member) -> Reaction {
        let sender = roster.alias(of: member) ?? ""
        switch command {
        case .broadcast(let text):
            return .toEveryone(.message(from: sender, text: text))
        case .direct(let to, let text):
            guard let target = roster.member(named: to) else {
                return .toSender([.error("no such user: \(to)")])
            }
            return .toMember(target, .direct(from: sender, text: text))
        case .users:
            return .toSender([.users(roster.aliasesInJoinOrder)])
        case .help:
            return .toSender(Self.helpLines.map(ServerLine.help))
        case .quit(let reason):
            return .quit(reason: reason ?? "quit")
        case .unknown(let name):
            return .toSender([.error("unknown command \(name) (try /help)")])
        case .missingArguments(let usage):
            return .toSender([.error("usage: \(usage)")])
        }
    }
}
