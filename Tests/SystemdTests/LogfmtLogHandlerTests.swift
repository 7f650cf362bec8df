import Logging
import Testing

@testable import Systemd

@Suite struct LogfmtLogHandlerTests {
    private func line(_ message: String, _ metadata: Logger.Metadata) -> String {
        LogfmtLogHandler.format(level: .info, label: "chatd", message: message, metadata: metadata, at: 0)
    }

    @Test func plainValuesStayBare() {
        #expect(line("user joined", ["alias": "bob", "peer": "127.0.0.1:4000"])
            == "1970-01-01T00:00:00Z info chatd: user joined alias=bob peer=127.0.0.1:4000")
    }

    @Test func typedTextCannotForgeAField() {
        let forged = line("user left", ["event": "left", "reason": "bye event=kicked admin-uid=0"])
        #expect(forged.hasSuffix(#"event=left reason="bye event=kicked admin-uid=0""#))
    }

    @Test func quotesBackslashesAndControlsAreEscaped() {
        #expect(line("x", ["reason": "say \"hi\"\\\n\u{1B}[2J"]).hasSuffix(#"reason="say \"hi\"\\\n\u{1b}[2J""#))
        #expect(line("x", ["reason": ""]).hasSuffix(#"reason="""#))
        #expect(line("a\nforged line", [:]).hasSuffix(#"chatd: a\nforged line"#))
    }
}
