import Testing
import TestSupport

/// Every command and reply of docs/protocol.md, against the real chatd.
@Suite struct ProtocolTests {
    @Test func handshakeRefusesBadAliasesAndAsksAgain() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "Alice", port: chatd.port)
        let bad: [[UInt8]] = [
            Array("".utf8), Array("alice".utf8), Array("ROOT".utf8), Array("9lives".utf8),
            Array(String(repeating: "a", count: 33).utf8), [0x62, 0xFF, 0x62], Array("bo\u{1B}b".utf8),
            Array(String(repeating: "x", count: 5000).utf8),
        ]
        // Four per connection: the fifth refusal in a row ends the handshake.
        var newcomer = try LineClient(port: chatd.port)
        for (index, line) in bad.enumerated() {
            if index == 4 {
                newcomer = try LineClient(port: chatd.port)
            }
            if index % 4 == 0 { try newcomer.expect(prefix: "NICK") }
            newcomer.sendRaw(line + [10])
            #expect(try newcomer.readLine().hasPrefix("ERR "))
            #expect(try newcomer.readLine().hasPrefix("NICK"))
        }
        newcomer.send("bob")
        #expect(try newcomer.readLine() == "WELCOME bob 2 users online")
        #expect(try alice.readLine() == "JOIN bob")
    }

    @Test func messagesReachTheRightPeople() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "Alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")

        alice.send("hello  world ")
        #expect(try alice.readLine() == "MSG Alice hello  world ")
        #expect(try bob.readLine() == "MSG Alice hello  world ")

        bob.send("/bm  spaced")
        #expect(try alice.readLine() == "MSG bob  spaced")
        #expect(try bob.readLine() == "MSG bob  spaced")

        alice.send("/dm BOB psst  two")
        #expect(try bob.readLine() == "DM Alice psst  two")
        alice.send("/dm alice note to self")
        #expect(try alice.readLine() == "DM Alice note to self")

        alice.send("/dm nobody hi")
        #expect(try alice.readLine() == "ERR no such user: nobody")
        alice.send("/dm bob")
        #expect(try alice.readLine().hasPrefix("ERR usage: "))
        alice.send("/bm")
        #expect(try alice.readLine().hasPrefix("ERR usage: "))
        alice.send("/frob x")
        #expect(try alice.readLine() == "ERR unknown command /frob (try /help)")

        alice.send("")
        alice.send("/USERS")
        #expect(try alice.readLine() == "USERS Alice bob")
        alice.send("/help")
        #expect(try alice.readLine().hasPrefix("HELP "))
        #expect(bob.drain().isEmpty)
    }

    @Test func repliesAndBroadcastsKeepTheOrderOfTheLinesThatCausedThem() throws {
        // One write: chatd handles all five lines in one loop tick, where
        // broadcasts are batched apart from each client's own replies.
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        alice.sendRaw(Array("first\n/frob\n/dm alice self\nsecond\n/dm bob x\n/quit\n".utf8))
        #expect(try alice.readLine() == "MSG alice first")
        #expect(try alice.readLine().hasPrefix("ERR unknown command"))
        #expect(try alice.readLine() == "DM alice self")
        #expect(try alice.readLine() == "MSG alice second")
        #expect(try alice.readLine() == "BYE")
        #expect(try bob.readLine() == "MSG alice first")
        #expect(try bob.readLine() == "MSG alice second")
        #expect(try bob.readLine() == "DM alice x")
        #expect(try bob.readLine() == "LEAVE alice quit")
    }

    @Test func quitSaysByeAndTellsTheOthers() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "Bob", port: chatd.port)
        try alice.expect(prefix: "JOIN Bob")
        bob.send("/quit gone fishing")
        #expect(try bob.readLine() == "BYE")
        #expect(bob.waitForClose())
        #expect(try alice.readLine() == "LEAVE Bob gone fishing")
        let carol = try LineClient.loggedIn(as: "carol", port: chatd.port)
        try alice.expect(prefix: "JOIN carol")
        carol.send("/quit")
        #expect(try alice.readLine() == "LEAVE carol quit")
        let bobAgain = try LineClient.loggedIn(as: "bob", port: chatd.port)
        bobAgain.send("/users")
        #expect(try bobAgain.expect(prefix: "USERS") == "USERS alice bob")
    }

    @Test func droppedConnectionLeavesWithConnectionLost() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        do {
            let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
            try alice.expect(prefix: "JOIN bob")
            bob.sendRaw(Array("half a li".utf8))
        }
        #expect(try alice.readLine() == "LEAVE bob connection lost")
        alice.send("/users")
        #expect(try alice.readLine() == "USERS alice")
    }

    @Test func resetConnectionLeavesWithoutDisturbingOthers() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        bob.sendRaw(Array("half a li".utf8))
        bob.reset()
        #expect(try alice.readLine() == "LEAVE bob connection lost")
        alice.send("still fine")
        #expect(try alice.readLine() == "MSG alice still fine")
    }

    @Test func halfCloseHandlesCompletedLinesThenLeaves() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        bob.sendRaw(Array("first\n/users\nunterminated".utf8))
        bob.shutdownWriting()
        #expect(try bob.readLine() == "MSG bob first")
        #expect(try bob.readLine() == "USERS alice bob")
        #expect(bob.waitForClose())
        #expect(try alice.readLine() == "MSG bob first")
        #expect(try alice.readLine() == "LEAVE bob connection lost")
    }

    @Test func relayedTextCannotControlTerminals() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        alice.sendRaw(Array("\u{1B}[2J\u{1B}[31mred\u{07} \u{202E}desrever\u{2066}x\u{2069}\r\n".utf8))
        #expect(try alice.readLine() == "MSG alice [2J[31mred desreverx")
        alice.sendRaw([0x68, 0xC3, 0x28, 10])
        #expect(try alice.readLine().hasPrefix("ERR "))
        alice.send("still here")
        #expect(try alice.readLine() == "MSG alice still here")
    }

    @Test func overlongLineIsRefusedAndTheConnectionStaysUsable() throws {
        let chatd = try ChatdProcess(arguments: ["--max-line-bytes", "100"])
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        alice.send(String(repeating: "a", count: 100))
        #expect(try bob.readLine() == "MSG alice " + String(repeating: "a", count: 100))
        // The ERR comes as soon as the limit is passed, before the line ends.
        alice.sendRaw(Array(String(repeating: "b", count: 5000).utf8))
        #expect(try alice.expect(prefix: "ERR").contains("too long"))
        alice.sendRaw(Array((String(repeating: "b", count: 5000) + "\nafter\n").utf8))
        #expect(try bob.readLine() == "MSG alice after")
    }
}
