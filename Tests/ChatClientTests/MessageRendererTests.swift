import ChatClient
import ChatProtocol
import Testing

@Suite struct MessageRendererTests {
    let renderer = MessageRenderer(ownAlias: "alice")

    private func text(_ line: String) -> String {
        ServerLine(parsing: line).map { renderer.render($0) }.map(\.plain) ?? renderer.renderUnrecognised(line).plain
    }

    @Test func rendersTheProtocolForPeople() {
        #expect(text("MSG bob hi") == "bob: hi")
        #expect(text("DM bob psst") == "bob → you: psst")
        #expect(text("JOIN bob") == "*** bob joined")
        #expect(text("LEAVE bob connection lost") == "*** bob left (connection lost)")
        #expect(text("LEAVE bob") == "*** bob left")
        #expect(text("NOTICE maintenance at noon") == "[server] maintenance at noon")
        #expect(text("ERR no such user: carol") == "error: no such user: carol")
        #expect(text("USERS alice bob") == "*** online (2): alice, bob")
        #expect(text("KICKED flooding") == "*** you were kicked out by an administrator: flooding")
        #expect(text("BYE") == "*** you left the chat")
        #expect(text("HELP /users lists who is here") == "/users lists who is here")
        #expect(text("SOMETHING new") == "SOMETHING new")
    }

    @Test func echoesSentDirectMessages() {
        #expect(renderer.renderSentDirect(to: "bob", text: "hi").plain == "you → bob: hi")
    }

    @Test func stylesMeaning() {
        #expect(renderer.render(.error("x")).runs.map(\.style) == [.error])
        #expect(renderer.render(.join(alias: "bob")).runs.map(\.style) == [.presence])
        #expect(renderer.render(.notice("x")).runs.map(\.style) == [.notice])
        #expect(renderer.render(.direct(from: "bob", text: "x")).runs.map(\.style) == [.direct])
        #expect(renderer.render(.message(from: "alice", text: "x")).runs.first?.style == .ownSender)
        #expect(renderer.render(.message(from: "bob", text: "x")).runs.first?.style == .sender)
    }

    @Test func highlightsYourAliasAsAWholeWordInOthersMessages() {
        let line = renderer.render(.message(from: "bob", text: "hey Alice, and alicex and @alice."))
        let mentions = line.runs.filter { $0.style == .mention }.map(\.text)
        #expect(mentions == ["Alice", "alice"])
        #expect(line.plain == "bob: hey Alice, and alicex and @alice.")
    }

    @Test func highlightsMentionsInDirectMessages() {
        let line = renderer.render(.direct(from: "bob", text: "alice!"))
        #expect(line.runs.map(\.style) == [.direct, .mention, .direct])
    }

    @Test func doesNotHighlightYourOwnMessages() {
        let line = renderer.render(.message(from: "alice", text: "I am alice"))
        #expect(!line.runs.contains { $0.style == .mention })
    }

    @Test func neutralisesEscapeSequencesFromPeers() {
        let line = renderer.render(.message(from: "bob", text: "\u{1B}[2Jgone\u{7}\u{9B}"))
        #expect(line.plain == "bob: ^[[2Jgone^G\u{FFFD}")
    }
}
