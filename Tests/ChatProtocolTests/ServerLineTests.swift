import ChatProtocol
import Testing

@Suite struct ServerLineTests {
    private static let everyKind: [ServerLine] = [
        .nick(hint: "choose an alias"), .nick(hint: ""),
        .welcome(alias: "alice", info: "3 users online"),
        .join(alias: "bob"),
        .leave(alias: "bob", reason: "connection lost"),
        .message(from: "alice", text: " hi  there "),
        // A text starting with a combining mark: the space before it is part of one Character.
        .message(from: "alice", text: "\u{035A}hi"), .leave(alias: "bob", reason: "\u{0301} gone"),
        .direct(from: "alice", text: "psst"),
        .users(["alice", "bob"]), .users([]),
        .help("/users lists people"),
        .bye,
        .error("alias taken"),
        .notice("server shutting down"),
        .kicked(reason: "spamming"),
    ]

    @Test(arguments: everyKind)
    func parsingWhatChatdSendsGivesItBack(_ line: ServerLine) {
        #expect(ServerLine(parsing: line.text) == line)
    }

    @Test func everyWordIsUsed() {
        #expect(Set(Self.everyKind.map(\.word)) == Set(ServerLine.Word.allCases))
    }

    @Test func parsesTheWireSpelling() {
        #expect(ServerLine(parsing: "NICK choose an alias") == .nick(hint: "choose an alias"))
        #expect(ServerLine(parsing: "LEAVE bob") == .leave(alias: "bob", reason: ""))
        #expect(ServerLine(parsing: "MSG alice") == .message(from: "alice", text: ""))
        #expect(ServerLine(parsing: "USERS") == .users([]))
    }

    @Test func unknownOrIncompleteLinesAreNotGuessed() {
        #expect(ServerLine(parsing: "PING 1") == nil)
        #expect(ServerLine(parsing: "MSG") == nil)
        #expect(ServerLine(parsing: "JOIN") == nil)
        #expect(ServerLine(parsing: "msg alice hi") == nil)
        #expect(ServerLine(parsing: "") == nil)
    }
}
