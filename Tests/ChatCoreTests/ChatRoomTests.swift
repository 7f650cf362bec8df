import ChatCore
import ChatProtocol
import Testing

@Suite struct ChatRoomTests {
    private func room(presenceLimit: Int = 1000) -> ChatRoom<Int> {
        ChatRoom(policy: AliasPolicy(), presenceLimit: presenceLimit)
    }

    @Test func firstLoginIsWelcomedAndAnnounced() {
        var room = room()
        let first = room.login(1, as: "Alice")
        #expect(first == .joined(
            welcome: .welcome(alias: "Alice", info: "you are the only user online"),
            announcement: .join(alias: "Alice")
        ))
        guard case .joined(let welcome, _) = room.login(2, as: "bob") else {
            Issue.record("bob was refused")
            return
        }
        #expect(welcome.text == "WELCOME bob 2 users online")
    }

    @Test func aliasesAreUniqueCaseInsensitively() {
        var room = room()
        _ = room.login(1, as: "Alice")
        guard case .refused = room.login(2, as: "aLICE") else {
            Issue.record("second Alice was accepted")
            return
        }
        guard case .refused = room.login(3, as: "admin") else {
            Issue.record("reserved alias was accepted")
            return
        }
        guard case .refused(let why) = room.login(4, as: "carol", refusal: "banned") else {
            Issue.record("banned alias was accepted")
            return
        }
        #expect(why == "banned")
    }

    @Test func routing() {
        var room = room()
        _ = room.login(1, as: "Alice")
        _ = room.login(2, as: "Bob")
        #expect(room.handle(.broadcast("hi"), from: 1) == .toEveryone(.message(from: "Alice", text: "hi")))
        #expect(room.handle(.direct(to: "BOB", text: "psst"), from: 1) == .toMember(2, .direct(from: "Alice", text: "psst")))
        #expect(room.handle(.direct(to: "alice", text: "me"), from: 1) == .toMember(1, .direct(from: "Alice", text: "me")))
        #expect(room.handle(.direct(to: "carol", text: "x"), from: 1) == .toSender([.error("no such user: carol")]))
        #expect(room.handle(.users, from: 2) == .toSender([.users(["Alice", "Bob"])]))
        #expect(room.handle(.quit(reason: nil), from: 2) == .quit(reason: "quit"))
        #expect(room.handle(.unknown("/x"), from: 2) == .toSender([.error("unknown command /x (try /help)")]))
        guard case .toSender(let help) = room.handle(.help, from: 1) else {
            Issue.record("no help")
            return
        }
        #expect(!help.isEmpty && help.allSatisfy { $0.text.hasPrefix("HELP ") })
    }

    @Test func usersStayInJoinOrderAfterLeaves() {
        var room = room()
        for (member, alias) in ["a", "b", "c", "d"].enumerated() { _ = room.login(member, as: alias) }
        let leaving = room.leave(1, reason: "quit")
        #expect(leaving == .leave(alias: "b", reason: "quit"))
        // Its alias is free again, in any case.
        #expect(room.roster.member(named: "B") == nil)
        _ = room.login(1, as: "B2")
        #expect(room.roster.aliasesInJoinOrder == ["a", "c", "d", "B2"])
        let once = room.leave(1, reason: "x")
        let twice = room.leave(1, reason: "x")
        #expect(once != nil && twice == nil)
    }

    @Test func presenceIsAnnouncedOnlyUpToTheLimit() {
        var room = room(presenceLimit: 2)
        guard case .joined(_, let first) = room.login(1, as: "a"),
              case .joined(_, let second) = room.login(2, as: "b"),
              case .joined(_, let third) = room.login(3, as: "c")
        else {
            Issue.record("login refused")
            return
        }
        #expect(first != nil && second != nil && third == nil)
        let leaving = room.leave(3, reason: "quit")
        #expect(leaving == .leave(alias: "c", reason: "quit"))
        var unlimited = self.room(presenceLimit: 0)
        for member in 0..<50 { _ = unlimited.login(member, as: "u\(member)") }
        let unlimitedLeave = unlimited.leave(0, reason: "quit")
        #expect(unlimitedLeave != nil)
    }

    /// A cluster: users of other nodes share the roster, the join order
    /// (sequences handed out by PostgreSQL) and the presence limit.
    @Test func remoteUsersJoinTheRoomInTheClustersOrder() {
        var room = room(presenceLimit: 2)
        #expect(room.login(1, as: "alice", joinSequence: 10) == .joined(
            welcome: .welcome(alias: "alice", info: "you are the only user online"), announcement: .join(alias: "alice")
        ))
        #expect(room.join(remote: 100, as: "bob", joinSequence: 5) == .joined(announcement: .join(alias: "bob")))
        #expect(room.join(remote: 101, as: "ALICE", joinSequence: 11) == .taken)
        #expect(room.problem(with: "Bob") == "the alias Bob is taken")
        #expect(room.problem(with: "carol") == nil)
        // Over the presence limit, counted cluster-wide: no announcement.
        #expect(room.join(remote: 102, as: "carol", joinSequence: 12) == .joined(announcement: nil))
        #expect(room.handle(.users, from: 1) == .toSender([.users(["bob", "alice", "carol"])]))
        #expect(room.handle(.direct(to: "bob", text: "hi"), from: 1) == .toMember(100, .direct(from: "alice", text: "hi")))
    }
}
