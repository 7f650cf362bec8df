import ChatClient
import Testing

@Suite struct ChatSessionTests {
    /// The plain text of every `.show` effect.
    private func shown(_ effects: [SessionEffect]) -> [String] {
        effects.compactMap {
            if case .show(let line) = $0 { return line.plain }
            return nil
        }
    }

    private func loggedIn(_ alias: String = "alice", interactive: Bool = true, reconnects: Bool = false) -> ChatSession {
        var session = ChatSession(alias: alias, interactive: interactive, reconnects: reconnects)
        session.connected()
        _ = session.receive("NICK choose an alias")
        _ = session.receive("WELCOME \(alias) welcome")
        return session
    }

    @Test func logsInWithTheGivenAlias() {
        var session = ChatSession(alias: "alice", interactive: true, reconnects: false)
        session.connected()
        #expect(session.receive("NICK choose an alias") == [.send("alice")])
        let effects = session.receive("WELCOME alice welcome, alice")
        #expect(effects.contains(.loggedIn))
        #expect(effects.contains(.send("/users")))
        #expect(shown(effects) == ["*** welcome, alice"])
        #expect(session.phase == .chatting(alias: "alice"))
        #expect(session.prompt == "alice> ")
    }

    @Test func pipeModeDoesNotAskForTheUserList() {
        let session = loggedIn(interactive: false)
        #expect(session.ownAlias == "alice")
        var copy = session
        #expect(!copy.receive("JOIN bob").contains(.send("/users")))
    }

    @Test func asksForAnAliasAndAgainAfterARefusal() {
        var session = ChatSession(alias: nil, interactive: true, reconnects: false)
        session.connected()
        #expect(session.receive("NICK choose an alias") == [.askForAlias])
        #expect(session.prompt == "alias: ")
        #expect(session.submit("root") == [.send("root")])
        #expect(shown(session.receive("ERR alias reserved: root")) == ["error: alias reserved: root"])
        #expect(session.receive("NICK choose an alias") == [.askForAlias])
        #expect(session.submit("  ") == [.askForAlias])
        #expect(session.submit("alice") == [.send("alice")])
    }

    @Test func aRefusedCommandLineAliasIsAskedForAgainInteractively() {
        var session = ChatSession(alias: "root", interactive: true, reconnects: false)
        session.connected()
        #expect(session.receive("NICK choose an alias") == [.send("root")])
        _ = session.receive("ERR alias reserved: root")
        #expect(session.receive("NICK choose an alias") == [.askForAlias])
    }

    @Test func aRefusedAliasEndsPipeModeWithTheReason() {
        var session = ChatSession(alias: "root", interactive: false, reconnects: false)
        session.connected()
        _ = session.receive("NICK choose an alias")
        #expect(session.receive("ERR alias reserved: root") == [
            .exit(.notConnected, message: "the server refused the alias root: alias reserved: root")
        ])
    }

    @Test func aFullServerEndsWithTheServersReason() {
        var session = ChatSession(alias: "alice", interactive: true, reconnects: false)
        session.connected()
        _ = session.receive("ERR server full")
        #expect(session.disconnected(reason: "the server closed the connection") == [
            .exit(.notConnected, message: "cannot log in: server full")
        ])
    }

    @Test func plainTextIsSentAsIs() {
        var session = loggedIn()
        #expect(session.submit("hello /there") == [.send("hello /there")])
        #expect(session.submit("") == [])
    }

    @Test func sentDirectMessagesAreEchoed() {
        var session = loggedIn()
        let effects = session.submit("/dm bob  see you")
        #expect(effects.first == .send("/dm bob  see you"))
        // chatd relays everything after the one separating space: so does the echo.
        #expect(shown(effects) == ["you → bob:  see you"])
        #expect(shown(session.submit("/DM bob hi")) == ["you → bob: hi"])
    }

    @Test func linesChatdRefusesAreNotEchoedAsSent() {
        var session = loggedIn()
        #expect(session.submit("/dm bob") == [.send("/dm bob")])
        #expect(session.submit("/dm  bob hi") == [.send("/dm  bob hi")])
    }

    @Test func helpAddsTheClientsOwnLinesBeforeTheServers() {
        var session = loggedIn()
        #expect(session.submit("/help") == [.send("/help")])
        let first = shown(session.receive("HELP /users lists people"))
        #expect(first == ChatSession.clientHelp + ["/users lists people"])
        #expect(shown(session.receive("HELP /quit leaves")) == ["/quit leaves"])
    }

    @Test func learnsAliasesForCompletion() {
        var session = loggedIn()
        _ = session.receive("USERS alice bob carol")
        _ = session.receive("JOIN dave")
        _ = session.receive("LEAVE bob connection lost")
        _ = session.receive("MSG erin hi")
        #expect(session.directory.candidates(excluding: session.ownAlias) == ["carol", "dave", "erin"])
    }

    @Test func quitEndsAfterBye() {
        var session = loggedIn()
        #expect(session.submit("/quit see you") == [.send("/quit see you")])
        #expect(session.phase == .leaving)
        let effects = session.receive("BYE")
        #expect(effects.last == .exit(.left, message: nil))
    }

    @Test func leavingSendsQuitAndASecondLeaveGivesUp() {
        var session = loggedIn()
        #expect(session.leave() == [.send("/quit")])
        #expect(session.leave() == [.exit(.left, message: nil)])
    }

    @Test func leavingBeforeLoginEndsAtOnce() {
        var interactive = ChatSession(alias: nil, interactive: true, reconnects: false)
        #expect(interactive.leave() == [.exit(.left, message: nil)])
        var piped = ChatSession(alias: nil, interactive: false, reconnects: false)
        #expect(piped.leave().first == .exit(.notConnected, message: "end of input before the server accepted an alias"))
    }

    @Test func closeAfterQuitIsAGoodEnd() {
        var session = loggedIn()
        _ = session.leave()
        #expect(session.disconnected(reason: "closed") == [.exit(.left, message: nil)])
    }

    @Test func kickedEndsWithStatusTwo() {
        var session = loggedIn()
        let effects = session.receive("KICKED be nice")
        #expect(shown(effects) == ["*** you were kicked out by an administrator: be nice"])
        #expect(effects.last == .exit(.kicked, message: nil))
        #expect(session.disconnected(reason: "closed") == [])
    }

    @Test func lostConnectionEndsWithStatusThree() {
        var session = loggedIn()
        let effects = session.disconnected(reason: "the server closed the connection")
        #expect(shown(effects) == ["*** the server closed the connection"])
        #expect(effects.last == .exit(.connectionLost, message: nil))
    }

    @Test func reconnectsAndLogsBackInWithTheSameAlias() {
        var session = loggedIn(reconnects: true)
        #expect(session.disconnected(reason: "connection lost").last == .reconnect)
        #expect(session.connectFailed(reason: "refused").last == .reconnect)
        session.connected()
        #expect(session.receive("NICK choose an alias") == [.send("alice")])
        #expect(session.receive("WELCOME alice back").contains(.loggedIn))
    }

    @Test func theFirstConnectFailureIsFinalEvenWithReconnect() {
        var session = ChatSession(alias: "alice", interactive: true, reconnects: true)
        #expect(session.connectFailed(reason: "cannot connect") == [.exit(.notConnected, message: "cannot connect")])
    }

    @Test func typingWhileDisconnectedSaysItWasNotSent() {
        var session = loggedIn(reconnects: true)
        _ = session.disconnected(reason: "lost")
        #expect(shown(session.submit("hello")) == ["*** not connected; not sent: hello"])
    }

    /// A hostile server's escape sequences and bidi controls never reach the terminal raw.
    @Test func nothingAServerSendsReachesTheTerminalRaw() {
        var session = ChatSession(alias: nil, interactive: true, reconnects: false)
        session.connected()
        _ = session.receive("NICK \u{1B}]0;pwned\u{7}")
        _ = session.receive("WELCOME ev\u{1B}[2Jil\u{202E} hi")
        #expect(!session.prompt.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        _ = session.receive("JOIN bad\u{1B}[31m")
        #expect(session.directory.aliases.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x1B } })
        let shownLines = shown(session.receive("MSG x \u{2066}spoof\u{1B}]2;title\u{7}"))
        #expect(shownLines.allSatisfy { !$0.unicodeScalars.contains { [0x1B, 0x07, 0x2066].contains($0.value) } })
    }

    @Test func refusalsInExitMessagesAreSafe() {
        var session = ChatSession(alias: "bob", interactive: false, reconnects: false)
        session.connected()
        _ = session.receive("NICK choose an alias")
        let effects = session.receive("ERR \u{1B}[2Jtaken")
        let messages = effects.compactMap { effect -> String? in
            if case .exit(_, let message) = effect { return message }
            return nil
        }
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { !$0.unicodeScalars.contains { $0.value == 0x1B } })
    }
}
