import ChatProtocol
import Testing

@Suite struct TextSanitizerTests {
    private func clean(_ bytes: [UInt8]) -> TextSanitizer.Outcome {
        TextSanitizer.sanitize(bytes)
    }

    @Test func asciiAndTabsPassThrough() {
        #expect(clean(Array("a\tb ~".utf8)) == .text("a\tb ~"))
    }

    @Test func unicodeTextPassesThrough() {
        #expect(clean(Array("héllo 世界 👋".utf8)) == .text("héllo 世界 👋"))
    }

    @Test func controlCharactersAndEscapesAreStripped() {
        #expect(clean(Array("\u{1B}[31mred\u{07}\u{7F}".utf8)) == .text("[31mred"))
        #expect(clean(Array("a\u{85}b\u{9B}c".utf8)) == .text("abc"))
    }

    @Test func bidiOverridesAndIsolatesAreStripped() {
        #expect(clean(Array("a\u{202E}b\u{2066}c\u{2069}d\u{202A}".utf8)) == .text("abcd"))
    }

    @Test func invalidUTF8IsReported() {
        #expect(clean([0x61, 0xFF, 0x62]) == .invalidUTF8)
        #expect(clean([0xE2, 0x82]) == .invalidUTF8)
    }
}

@Suite struct TextSanitizerUnicodeTests {
    private func clean(_ text: String) -> TextSanitizer.Outcome {
        TextSanitizer.sanitize(Array(text.utf8))
    }

    @Test func lineAndParagraphSeparatorsAreStripped() {
        #expect(clean("one\u{2028}two\u{2029}three") == .text("onetwothree"))
    }

    @Test func invisibleCharactersThatDisguiseAliasesAreStripped() {
        #expect(clean("bo\u{200B}b \u{FEFF}al\u{2060}ice") == .text("bob alice"))
    }

    @Test func joinersThatEmojiNeedStay() {
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(clean(family) == .text(family))
    }

    @Test func runsOfCombiningMarksStopAtTheStreamSafeLimit() {
        let zalgo = "Z" + String(repeating: "\u{0301}", count: 200) + "a" + String(repeating: "\u{0316}", count: 3)
        guard case .text(let kept) = clean(zalgo) else {
            Issue.record("valid UTF-8 refused")
            return
        }
        let marks = kept.unicodeScalars.filter { $0.properties.canonicalCombiningClass != .notReordered }
        #expect(marks.count == TextSanitizer.maximumNonStarterRun + 3)
        #expect(kept.hasSuffix("a" + String(repeating: "\u{0316}", count: 3)))
        #expect(clean("é") == .text("é"))
    }

    @Test func sanitisingTwiceChangesNothing() {
        let samples = ["a\u{1B}b", "x" + String(repeating: "\u{0300}", count: 40), "\u{202E}evil", "plain"]
        for sample in samples {
            guard case .text(let once) = clean(sample) else { continue }
            #expect(clean(once) == .text(once))
        }
    }
}
