import ChatClient
import Testing

@Suite struct CompleterTests {
    let completer = Completer()
    let aliases = ["alice", "albert", "bob"]

    @Test func completesAUniquePrefixWithASpace() {
        #expect(completer.complete(Array("hi bo"), aliases: aliases) == .replace(wordLength: 2, text: "bob "))
    }

    @Test func matchesCaseInsensitively() {
        #expect(completer.complete(Array("BO"), aliases: aliases) == .replace(wordLength: 2, text: "bob "))
    }

    @Test func extendsToTheCommonPrefix() {
        #expect(completer.complete(Array("a"), aliases: aliases) == .replace(wordLength: 1, text: "al"))
        #expect(completer.complete(Array("al"), aliases: aliases) == .candidates(["albert", "alice"]))
    }

    @Test func keepsAnAtSign() {
        #expect(completer.complete(Array("@bo"), aliases: aliases) == .replace(wordLength: 3, text: "@bob "))
    }

    @Test func completesCommandsAtTheStartOnly() {
        #expect(completer.complete(Array("/us"), aliases: aliases) == .replace(wordLength: 3, text: "/users "))
        #expect(completer.complete(Array("/q"), aliases: aliases) == .replace(wordLength: 2, text: "/quit "))
        #expect(completer.complete(Array("x /us"), aliases: aliases) == .noMatch)
    }

    @Test func reportsNoMatch() {
        #expect(completer.complete(Array("zed"), aliases: aliases) == .noMatch)
    }
}
