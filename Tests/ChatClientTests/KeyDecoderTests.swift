import ChatClient
import Testing

@Suite struct KeyDecoderTests {
    private func keys(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.push(Array(text.utf8))
    }

    @Test func decodesTextAndControls() {
        #expect(keys("hi\u{1}\t\r\u{7F}\u{8}\u{17}") == [
            .text("hi"), .control("a"), .tab, .enter, .backspace, .backspace, .control("w"),
        ])
    }

    @Test func decodesCursorKeysInBothModes() {
        #expect(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D\u{1B}OH\u{1B}OF") == [.up, .down, .right, .left, .home, .end])
        #expect(keys("\u{1B}[1~\u{1B}[4~\u{1B}[3~\u{1B}[7~\u{1B}[8~") == [.home, .end, .delete, .home, .end])
        #expect(keys("\u{1B}[1;5D\u{1B}[1;5C\u{1B}b\u{1B}f") == [.wordLeft, .wordRight, .wordLeft, .wordRight])
    }

    @Test func decodesCursorPositionReports() {
        #expect(keys("\u{1B}[12;7R") == [.cursorPosition(row: 12, column: 7)])
    }

    @Test func ignoresUnknownSequences() {
        #expect(keys("\u{1B}[200~x\u{1B}[15~") == [.text("x")])
    }

    @Test func waitsForTheRestOfASplitSequence() {
        var decoder = KeyDecoder()
        #expect(decoder.push([0x1B]) == [])
        #expect(decoder.push(Array("[".utf8)) == [])
        #expect(decoder.push(Array("Cx".utf8)) == [.right, .text("x")])
    }

    @Test func waitsForTheRestOfASplitCharacter() {
        var decoder = KeyDecoder()
        let bytes = Array("a字".utf8)
        #expect(decoder.push(bytes[..<2]) == [.text("a")])
        #expect(decoder.push(bytes[2...]) == [.text("字")])
    }

    @Test func invalidUTF8BecomesReplacementWithoutEatingControls() {
        var decoder = KeyDecoder()
        #expect(decoder.push([0xE5, 0x0D]) == [.text("\u{FFFD}"), .enter])
    }

    @Test func aLoneEscapeDoesNotEatTheNextKey() {
        var decoder = KeyDecoder()
        #expect(decoder.push([0x1B]) == [])
        #expect(decoder.push(Array("x".utf8)) == [.text("x")])
        #expect(keys("\u{1B}\u{1B}[A") == [.up])
    }

    @Test func anEndlessEscapeSequenceIsDroppedNotHoarded() {
        var decoder = KeyDecoder()
        for _ in 0..<1000 {
            _ = decoder.push(Array("\u{1B}[".utf8) + Array(repeating: UInt8(ascii: "1"), count: 100))
        }
        #expect(decoder.push(Array("ok".utf8)) == [.text("ok")])
    }
}
