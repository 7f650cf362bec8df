import ChatClient
import Testing

@Suite struct LineEditorTests {
    private func editor(typing keys: [Key]) -> LineEditor {
        var editor = LineEditor()
        for key in keys {
            _ = editor.handle(key)
        }
        return editor
    }

    @Test func insertsAtTheCursor() {
        let result = editor(typing: [.text("helo"), .left, .text("l"), .end, .text("!")])
        #expect(result.text == "hello!")
        #expect(result.cursor == 6)
    }

    @Test func movesAndDeletesWholeGraphemes() {
        var result = editor(typing: [.text("ae\u{301}字b"), .left, .left])
        #expect(result.cursor == 2)
        _ = result.handle(.backspace)
        #expect(result.text == "a字b")
        _ = result.handle(.delete)
        #expect(result.text == "ab")
    }

    @Test func combiningMarkTypedAfterALetterJoinsIt() {
        let result = editor(typing: [.text("e"), .text("\u{301}")])
        #expect(result.buffer == ["e\u{301}"])
        #expect(result.cursor == 1)
    }

    @Test func emacsKeys() {
        #expect(editor(typing: [.text("one two"), .control("a"), .text(">")]).text == ">one two")
        #expect(editor(typing: [.text("one two"), .home, .control("e"), .text("<")]).text == "one two<")
        #expect(editor(typing: [.text("one two"), .left, .left, .control("u")]).text == "wo")
        #expect(editor(typing: [.text("one two"), .home, .right, .control("k")]).text == "o")
        #expect(editor(typing: [.text("one two  "), .control("w")]).text == "one ")
        #expect(editor(typing: [.text("one two"), .wordLeft, .control("w")]).text == "two")
        #expect(editor(typing: [.text("one two"), .home, .wordRight, .text("!")]).text == "one! two")
    }

    @Test func enterSubmitsAndClears() {
        var editor = LineEditor()
        _ = editor.handle(.text("hi"))
        _ = editor.handle(.left)
        #expect(editor.handle(.enter) == .submit("hi"))
        #expect(editor.text == "")
        #expect(editor.cursor == 0)
    }

    @Test func historyWalksBackAndForthAndKeepsTheDraft() {
        var editor = LineEditor()
        for line in ["first", "second"] {
            _ = editor.handle(.text(line))
            _ = editor.handle(.enter)
        }
        _ = editor.handle(.text("draft"))
        _ = editor.handle(.up)
        #expect(editor.text == "second")
        _ = editor.handle(.up)
        #expect(editor.text == "first")
        #expect(editor.handle(.up) == .bell)
        _ = editor.handle(.down)
        #expect(editor.text == "second")
        _ = editor.handle(.down)
        #expect(editor.text == "draft")
        #expect(editor.handle(.down) == .bell)
    }

    @Test func historyKeepsRepeatsOnceAndSkipsEmptyLines() {
        var editor = LineEditor()
        for line in ["a", "a", ""] {
            _ = editor.handle(.text(line))
            _ = editor.handle(.enter)
        }
        #expect(editor.history.entries == ["a"])
    }

    @Test func controlCLeavesAndControlDLeavesOnlyOnAnEmptyLine() {
        var editor = LineEditor()
        #expect(editor.handle(.control("c")) == .leave)
        #expect(editor.handle(.control("d")) == .leave)
        _ = editor.handle(.text("ab"))
        _ = editor.handle(.home)
        #expect(editor.handle(.control("d")) == .redraw)
        #expect(editor.text == "b")
    }

    @Test func tabCompletesAliases() {
        var editor = LineEditor()
        _ = editor.handle(.text("/dm bo"))
        #expect(editor.handle(.tab, aliases: ["alice", "bob"]) == .redraw)
        #expect(editor.text == "/dm bob ")
    }

    @Test func tabListsAmbiguousCandidates() {
        var editor = LineEditor()
        _ = editor.handle(.text("hi b"))
        #expect(editor.handle(.tab, aliases: ["bob", "Bea"]) == .showCandidates(["Bea", "bob"]))
        #expect(editor.handle(.tab, aliases: []) == .bell)
    }

    @Test func pastedControlCharactersAreDropped() {
        #expect(editor(typing: [.text("a\u{1B}b")]).text == "ab")
    }
}
