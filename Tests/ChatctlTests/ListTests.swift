import Foundation
import Testing
import TestSupport

@Suite struct ListTests {
    @Test func tableShowsEveryLoggedInUserInJoinOrder() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "Bob", port: chatd.port)
        let pending = try LineClient(port: chatd.port)
        try pending.expect(prefix: "NICK")
        alice.send("one")
        alice.send("two")
        try alice.expect(prefix: "MSG alice two")
        try bob.expect(prefix: "MSG alice two")

        let run = try Chatctl.run(["list"], against: chatd)
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 3)
        let header = try #require(lines.first)
        #expect(header.split(separator: " ", omittingEmptySubsequences: true) == ["ALIAS", "PEER", "VIA", "CONNECTED", "IDLE", "SENT", "QUEUED"])
        #expect(lines[1].hasPrefix("alice "))
        #expect(lines[2].hasPrefix("Bob "))
        // Aligned: every row's peer starts under PEER, and its numbers end under QUEUED.
        let peerColumn = try #require(header.range(of: "PEER")).lowerBound.utf16Offset(in: header)
        for row in lines.dropFirst() {
            #expect(row.dropFirst(peerColumn).hasPrefix("127.0.0.1:"), "\(row)")
            #expect(row.count == header.count, "\(row)")
        }
        let aliceColumns = lines[1].split(separator: " ")
        #expect(aliceColumns[aliceColumns.count - 2] == "2")
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        alice.send("/dm bob hi")
        try bob.expect(prefix: "DM alice hi")
        alice.send("/users")
        try alice.expect(prefix: "USERS")

        let object = try Chatctl.json(["list"], against: chatd)
        #expect(Array(object.keys) == ["users"])
        let users = try #require(object["users"] as? [[String: Any]])
        try #require(users.map { $0["alias"] as? String } == ["alice", "bob"])
        for user in users {
            #expect(Set(user.keys) == ["alias", "peer", "transport", "connectedAt", "idleSeconds", "messagesSent", "queuedBytes"])
            #expect(user["transport"] as? String == "tcp")
            #expect((user["peer"] as? String)?.hasPrefix("127.0.0.1:") == true)
            let connectedAt = try #require(user["connectedAt"] as? Int)
            #expect(abs(connectedAt - Int(Date().timeIntervalSince1970)) < 3600)
        }
        #expect(users[0]["messagesSent"] as? Int == 2)
        #expect(users[1]["messagesSent"] as? Int == 0)
    }

    @Test func emptyServerSaysSo() throws {
        let chatd = try ChatdProcess()
        let run = try Chatctl.run(["list"], against: chatd)
        #expect(run.status == 0)
        #expect(run.output == "no users online\n")
        #expect(try Chatctl.json(["list"], against: chatd)["users"] as? [Any] != nil)
    }
}
