import ChatClient
import Testing

@Suite struct StyledTextTests {
    @Test func plainOutputHasNoEscapes() {
        var line = StyledText("bob", .sender)
        line.append(": hi")
        #expect(line.rendered(colors: false) == "bob: hi")
    }

    @Test func colourOutputWrapsStyledRuns() {
        var line = StyledText("bob", .sender)
        line.append(": hi")
        #expect(line.rendered(colors: true) == "\u{1B}[1mbob\u{1B}[0m: hi")
    }

    @Test func appendingTheSameStyleMergesRuns() {
        var line = StyledText("a", .dim)
        line.append("b", .dim)
        line.append("", .error)
        #expect(line.runs == [StyledText.Run("ab", .dim)])
    }
}
