import ChatClient
import Testing

@Suite struct InputLineLayoutTests {
    @Test func shortLinesShowWhole() {
        let layout = InputLineLayout(prompt: "alice> ", buffer: Array("hello"), cursor: 2, columns: 80)
        #expect(layout == InputLineLayout(prompt: "alice> ", visible: "hello", cursorColumn: 9))
    }

    @Test func wideCharactersCountTwoColumns() {
        let layout = InputLineLayout(prompt: "> ", buffer: Array("字字x"), cursor: 2, columns: 80)
        #expect(layout.cursorColumn == 6)
    }

    @Test func longLinesScrollToKeepTheCursorInView() {
        let buffer = Array("abcdefghijklmnopqrstuvwxyz")
        let layout = InputLineLayout(prompt: "> ", buffer: buffer, cursor: buffer.count, columns: 11)
        #expect(layout.visible == "tuvwxyz")
        #expect(layout.cursorColumn == 9)
        #expect(DisplayWidth.of(layout.prompt + layout.visible) <= 10)
    }

    @Test func longLinesFromTheStartAreCutAtTheRight() {
        let layout = InputLineLayout(prompt: "> ", buffer: Array("abcdefghij"), cursor: 0, columns: 8)
        #expect(layout.visible == "abcde")
        #expect(layout.cursorColumn == 2)
    }

    @Test func aWideCharacterThatDoesNotFitIsLeftOut() {
        let layout = InputLineLayout(prompt: "", buffer: Array("abc字"), cursor: 0, columns: 5)
        #expect(layout.visible == "abc")
    }

    @Test func aLongPromptIsShortenedOnNarrowTerminals() {
        let layout = InputLineLayout(prompt: "a-very-long-alias> ", buffer: [], cursor: 0, columns: 11)
        #expect(layout.prompt == "ias> ")
    }
}
