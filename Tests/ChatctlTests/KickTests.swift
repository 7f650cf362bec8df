#if canImport(Glibc)
import Glibc
#endif

import Testing
import TestSupport

@Suite struct KickTests {
    @Test func kickedUserIsToldAndTheOthersSeeLeave() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")

        let run = try Chatctl.run(["kick", "BOB", "--reason", "too loud"], against: chatd)
        #expect(run.status == 0)
        #expect(run.output.hasPrefix("kicked bob (127.0.0.1:"))
        #expect(try bob.readLine() == "KICKED too loud")
        #expect(bob.waitForClose())
        #expect(try alice.readLine() == "LEAVE bob too loud")

        // The alias is free again at once.
        let again = try LineClient.loggedIn(as: "bob", port: chatd.port)
        defer { withExtendedLifetime(again) {} }
        #expect(try alice.readLine() == "JOIN bob")
        #expect(chatd.log.contains("event=kicked"))
        #expect(chatd.log.contains("MESSAGE_ID=ef975720aea64794b4f6648ac7fee424"))
        #expect(chatd.log.contains("admin-uid=\(getuid())"))
        #expect(chatd.log.contains("admin-pid="))
    }

    @Test func defaultReasonAndControlCharactersInReasons() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let carol = try LineClient.loggedIn(as: "carol", port: chatd.port)
        #expect(try Chatctl.run(["kick", "bob"], against: chatd).status == 0)
        #expect(try bob.expect(prefix: "KICKED") == "KICKED kicked by an administrator")
        #expect(try alice.expect(prefix: "LEAVE") == "LEAVE bob kicked by an administrator")
        #expect(try Chatctl.run(["kick", "carol", "--reason", "bad\u{1B}[2J\nthing"], against: chatd).status == 0)
        #expect(try carol.expect(prefix: "KICKED") == "KICKED bad[2Jthing")
        #expect(try alice.expect(prefix: "LEAVE") == "LEAVE carol bad[2Jthing")
    }

    @Test func unknownAliasIsRefusedWithExitOne() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let run = try Chatctl.run(["kick", "nobody"], against: chatd)
        #expect(run.status == 1)
        #expect(run.errors == "chatctl: no such user: nobody\n")
        #expect(run.output.isEmpty)
        alice.send("still here")
        #expect(try alice.readLine() == "MSG alice still here")
    }

    @Test func banKeepsTheAliasOutCaseInsensitively() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "Bob", port: chatd.port)
        let run = try Chatctl.run(["kick", "bob", "--ban", "1h"], against: chatd)
        #expect(run.status == 0)
        #expect(run.output.contains("alias Bob banned for 1h00m"))
        #expect(try bob.expect(prefix: "KICKED").hasPrefix("KICKED "))
        try alice.expect(prefix: "LEAVE Bob")

        let newcomer = try LineClient(port: chatd.port)
        try newcomer.expect(prefix: "NICK")
        for alias in ["bob", "BOB"] {
            newcomer.send(alias)
            #expect(try newcomer.readLine().hasPrefix("ERR the alias \(alias) is banned"))
            #expect(try newcomer.readLine().hasPrefix("NICK"))
        }
        // The address is not banned: another alias from it is welcome.
        newcomer.send("robert")
        #expect(try newcomer.readLine().hasPrefix("WELCOME robert "))
    }

    @Test func banAddressDisconnectsEveryoneFromThatAddress() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let pending = try LineClient(port: chatd.port)
        try pending.expect(prefix: "NICK")

        let run = try Chatctl.run(["kick", "bob", "--ban", "10m", "--ban-address", "--reason", "flooding"], against: chatd)
        #expect(run.status == 0)
        #expect(run.output.contains("address 127.0.0.1 banned for 10m00s; 2 other connections closed"))
        #expect(try bob.expect(prefix: "KICKED") == "KICKED flooding")
        #expect(try alice.expect(prefix: "KICKED") == "KICKED flooding")
        #expect(try pending.readLine() == "ERR your address is banned")
        for client in [alice, bob, pending] { #expect(client.waitForClose()) }

        let refused = try LineClient(port: chatd.port)
        #expect(try refused.readLine().hasPrefix("ERR your address is banned: for "))
        #expect(refused.waitForClose())
        #expect(chatd.log.contains("event=banned"))
    }

    @Test(arguments: [
        ["kick", "bob", "--ban-address"],
        ["kick", "bob", "--ban", "10x"],
        ["kick", "bob", "--ban", "0s"],
        ["kick", "bob", "--ban", "400d"],
        ["kick"],
    ])
    func badKickArgumentsAreUsageErrors(arguments: [String]) throws {
        let chatd = try ChatdProcess()
        let run = try Chatctl.run(arguments, against: chatd)
        #expect(run.status == 64)
        #expect(run.errors.contains("Usage: chatctl kick") || run.errors.contains("Error:"))
    }
}
