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
