import Testing
import TestSupport

@Suite struct StatsTests {
    private func counter(_ stats: [String: Any], _ name: String) -> Int {
        stats[name] as? Int ?? -1
    }

    @Test func countersMoveAsTrafficFlows() throws {
        let chatd = try ChatdProcess()
        let before = try Chatctl.json(["stats"], against: chatd)
        #expect(Set(before.keys) == [
            "uptimeSeconds", "usersOnline", "usersPeak", "connectionsOpen", "connectionsAccepted", "connectionsRefused",
            "tlsConnectionsOpen", "webConnectionsOpen", "tlsHandshakesCompleted", "tlsHandshakesFailed", "broadcastsRelayed", "directMessagesRelayed", "noticesSent", "kicks", "errorsSent",
            "disconnectionsByReason", "bytesIn", "bytesOut",
        ])
        for name in ["usersOnline", "usersPeak", "connectionsAccepted", "broadcastsRelayed", "bytesIn", "bytesOut", "kicks"] {
            #expect(counter(before, name) == 0, "\(name)")
        }

        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        defer { withExtendedLifetime(bob) {} }
        let carol = try LineClient.loggedIn(as: "carol", port: chatd.port)
        alice.send("hello")
        alice.send("/dm bob psst")
        alice.send("/dm nobody hi")
        try alice.expect(prefix: "ERR no such user")
        carol.send("/quit")
        #expect(carol.waitForClose())
        try alice.expect(prefix: "LEAVE carol")
        #expect(try Chatctl.run(["notice", "hi"], against: chatd).status == 0)
        #expect(try Chatctl.run(["kick", "bob"], against: chatd).status == 0)
        try alice.expect(prefix: "LEAVE bob")

        let after = try Chatctl.json(["stats"], against: chatd)
        #expect(counter(after, "usersOnline") == 1)
        #expect(counter(after, "usersPeak") == 3)
        #expect(counter(after, "connectionsOpen") == 1)
        #expect(counter(after, "connectionsAccepted") == 3)
        #expect(counter(after, "broadcastsRelayed") == 1)
        #expect(counter(after, "directMessagesRelayed") == 1)
        #expect(counter(after, "noticesSent") == 1)
        #expect(counter(after, "kicks") == 1)
        #expect(counter(after, "errorsSent") >= 1)
        #expect(counter(after, "bytesIn") > 0)
        #expect(counter(after, "bytesOut") > counter(after, "bytesIn"))
        let reasons = try #require(after["disconnectionsByReason"] as? [String: Int])
        #expect(reasons == ["quit": 1, "kicked": 1])

        let human = try Chatctl.run(["stats"], against: chatd)
        #expect(human.status == 0)
        #expect(human.output.contains("messages relayed  2 (1 broadcast, 1 direct)"))
        #expect(human.output.contains("users             1 online, 3 peak"))
        #expect(human.output.contains("  1  quit"))
    }
}
