import ChatClient
import Testing

@Suite struct LineFramerTests {
    @Test func splitsOnLineFeedAndDropsCarriageReturn() {
        var framer = LineFramer()
        #expect(framer.push(Array("MSG a hi\r\nJOIN b\nBY".utf8)) == ["MSG a hi", "JOIN b"])
        #expect(framer.push(Array("E\n".utf8)) == ["BYE"])
        #expect(framer.finish() == nil)
    }

    @Test func keepsMultibyteCharactersSplitAcrossReads() {
        var framer = LineFramer()
        let bytes = Array("MSG a 字\n".utf8)
        #expect(framer.push(bytes[..<7]) == [])
        #expect(framer.push(bytes[7...]) == ["MSG a 字"])
    }

    @Test func dropsOverlongLinesWholeInsteadOfCuttingThem() {
        var framer = LineFramer(maxLineBytes: 4)
        #expect(framer.push(Array("abcdefgh\nok\n".utf8)) == ["ok"])
    }

    @Test func aUsersLineOfTenThousandAliasesArrivesWhole() {
        var framer = LineFramer()
        let users = "USERS " + (0..<10_000).map { "user\($0)-with-a-long-alias" }.joined(separator: " ")
        #expect(framer.push(Array((users + "\n").utf8)) == [users])
    }

    @Test func returnsAnUnterminatedLastLine() {
        var framer = LineFramer()
        #expect(framer.push(Array("/users".utf8)) == [])
        #expect(framer.finish() == "/users")
    }
}
