import ChatCore
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
