import Testing
import TestSupport

@Suite struct NoticeTests {
    @Test func noticeReachesEveryLoggedInUserAmongChatTraffic() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let pending = try LineClient(port: chatd.port)
        try pending.expect(prefix: "NICK")
        try alice.expect(prefix: "JOIN bob")

        alice.send("before")
        let run = try Chatctl.run(["notice", "maintenance", "at", "10:00"], against: chatd)
        #expect(run.status == 0)
        #expect(run.output == "notice sent to 2 users\n")
        bob.send("/bm after")
        for client in [alice, bob] {
            #expect(try client.readLine() == "MSG alice before")
            #expect(try client.readLine() == "NOTICE maintenance at 10:00")
            #expect(try client.readLine() == "MSG bob after")
        }
        #expect(pending.drain().isEmpty)
        #expect(chatd.log.contains("MESSAGE_ID=29f07023232348629a13f346b7dc12d1"))
        #expect(chatd.log.contains("event=notice"))
    }

    @Test func noticeTextIsSanitisedLikeChatText() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        #expect(try Chatctl.run(["notice", "\u{1B}[31mred\u{07}\nline \u{202E}x"], against: chatd).status == 0)
        #expect(try alice.readLine() == "NOTICE [31mredline x")
    }

    @Test func noticeThatIsOnlyControlCharactersIsRefused() throws {
        let chatd = try ChatdProcess()
        let run = try Chatctl.run(["notice", "\u{1B}\u{07}"], against: chatd)
        #expect(run.status == 1)
        #expect(run.errors.contains("empty"))
        #expect(try Chatctl.run(["notice"], against: chatd).status == 64)
    }
}
