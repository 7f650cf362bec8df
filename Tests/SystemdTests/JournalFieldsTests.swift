import Logging
import Testing

@testable import Systemd

@Suite struct JournalFieldsTests {
    private struct QueueFull: Error, CustomStringConvertible {
        var description: String { "queue full" }
    }

    private func fields(
        _ message: Logger.Message = "hello",
        level: Logger.Level = .info,
        error: (any Error)? = nil,
        metadata: Logger.Metadata? = nil,
        context: Logger.Metadata = [:]
    ) -> [String] {
        let event = LogEvent(
            level: level, message: message, error: error, metadata: metadata, source: nil,
            file: "chatd/Main.swift", function: "run()", line: 42)
        return JournalFields.make(event: event, context: context, label: "chatd.hub", identifier: "chatd")
    }

    @Test func standardFields() {
        #expect(
            fields() == [
                "MESSAGE=hello",
                "PRIORITY=6",
                "SYSLOG_IDENTIFIER=chatd",
                "CODE_FILE=chatd/Main.swift",
                "CODE_LINE=42",
                "CODE_FUNC=run()",
                "CHATD_LOGGER=chatd.hub",
            ])
    }

    @Test(arguments: [
        (Logger.Level.trace, 7), (.debug, 7), (.info, 6), (.notice, 5), (.warning, 4), (.error, 3), (.critical, 2),
    ])
    func priority(level: Logger.Level, expected: Int) {
        #expect(fields(level: level).contains("PRIORITY=\(expected)"))
    }

    @Test(arguments: [
        ("alias", "CHATD_ALIAS"), ("peer", "CHATD_PEER"), ("admin-uid", "CHATD_ADMIN_UID"),
        ("error.message", "CHATD_ERROR_MESSAGE"), ("Mixed_Case9", "CHATD_MIXED_CASE9"), ("straße", "CHATD_STRASSE"), ("café", "CHATD_CAF_"),
    ])
    func metadataKeyBecomesFieldName(key: String, name: String) {
        #expect(JournalFields.fieldName(key) == name)
    }

    @Test func messageIDIsUnprefixed() {
        let result = fields(metadata: ["MESSAGE_ID": "f974d4c59349411cb642193b9925d390", "alias": "ann"])
        #expect(result.contains("MESSAGE_ID=f974d4c59349411cb642193b9925d390"))
        #expect(!result.contains { $0.hasPrefix("CHATD_MESSAGE_ID=") })
        #expect(result.contains("CHATD_ALIAS=ann"))
    }

    @Test func callMetadataWinsOverContext() {
        let result = fields(metadata: ["alias": "bob"], context: ["alias": "ann", "peer": "127.0.0.1:4000"])
        #expect(Array(result.suffix(2)) == ["CHATD_ALIAS=bob", "CHATD_PEER=127.0.0.1:4000"])
    }

    @Test func contextMessageIDIsUsedToo() {
        #expect(fields(context: ["MESSAGE_ID": "0e44ec6ed2bf44638ed87a9717bcde0e"]).contains("MESSAGE_ID=0e44ec6ed2bf44638ed87a9717bcde0e"))
    }

    @Test func valuesUseTheirStringForm() {
        let result = fields(metadata: [
            "count": .stringConvertible(3),
            "list": ["a", "b"],
            "map": ["k": "v"],
        ])
        #expect(result.contains("CHATD_COUNT=3"))
        #expect(result.contains("CHATD_LIST=\(Logger.MetadataValue.array(["a", "b"]))"))
        #expect(result.contains("CHATD_MAP=\(Logger.MetadataValue.dictionary(["k": "v"]))"))
    }

    @Test func newlinesArePreserved() {
        let result = fields("line one\nline two", metadata: ["text": "a\nb"])
        #expect(result.first == "MESSAGE=line one\nline two")
        #expect(result.contains("CHATD_TEXT=a\nb"))
    }

    @Test func attachedErrorBecomesFields() {
        let result = fields(level: .error, error: QueueFull())
        #expect(result.contains("CHATD_ERROR_MESSAGE=queue full"))
        #expect(result.contains { $0.hasPrefix("CHATD_ERROR_TYPE=") && $0.hasSuffix("QueueFull") })
    }
}
