import ChatProtocol
import Testing

@Suite struct ClientCommandTests {
    private func parse(_ line: String) -> ClientCommand {
        ClientCommand(parsing: line[...])
    }

    @Test func plainTextIsABroadcast() {
        #expect(parse("hello  there ") == .broadcast("hello  there "))
    }

    @Test func bmKeepsTextAfterTheSingleSeparatingSpace() {
        #expect(parse("/bm  two spaces") == .broadcast(" two spaces"))
        #expect(parse("/bm") == .missingArguments(usage: "/bm <text>"))
        #expect(parse("/bm ") == .missingArguments(usage: "/bm <text>"))
    }

    @Test func dmSplitsAliasFromText() {
        #expect(parse("/dm bob hi  there") == .direct(to: "bob", text: "hi  there"))
        #expect(parse("/DM Bob x") == .direct(to: "Bob", text: "x"))
        #expect(parse("/dm bob") == .missingArguments(usage: "/dm <alias> <text>"))
        #expect(parse("/dm bob ") == .missingArguments(usage: "/dm <alias> <text>"))
        #expect(parse("/dm  bob hi") == .missingArguments(usage: "/dm <alias> <text>"))
    }

    @Test func commandNamesAreCaseInsensitive() {
        #expect(parse("/USERS") == .users)
        #expect(parse("/Help") == .help)
        #expect(parse("/users extra") == .users)
    }

    @Test func quitCarriesAnOptionalReason() {
        #expect(parse("/quit") == .quit(reason: nil))
        #expect(parse("/quit gone fishing") == .quit(reason: "gone fishing"))
    }

    @Test func unknownCommandsKeepTheirSpelling() {
        #expect(parse("/Frob x") == .unknown("/Frob"))
        #expect(parse("/") == .unknown("/"))
    }
}

@Suite struct ClientCommandEncodingTests {
    @Test(arguments: [
        ClientCommand.broadcast("hi"), .broadcast("/not a command"), .broadcast(" lead"),
        .direct(to: "bob", text: " fine thanks"), .direct(to: "bob", text: "\u{035A}marked"), .quit(reason: "\u{0301}x"), .users, .help, .quit(reason: nil), .quit(reason: "lunch"),
        .unknown("/frob"), .missingArguments(usage: "/dm <alias> <text>"),
    ])
    func theLineParsesBackToTheCommand(_ command: ClientCommand) {
        #expect(ClientCommand(parsing: command.line[...]) == command)
    }

    @Test func readingSanitisesFirst() {
        #expect(ClientCommand.read("/dm bob \u{1B}[2Jhi") == .command(.direct(to: "bob", text: "[2Jhi")))
        #expect(ClientCommand.read("\u{7}") == .nothing)
        #expect([UInt8]([0xFF, 0x41]).withUnsafeBytes { ClientCommand.read($0) } == .invalidUTF8)
    }
}
