import NIOCore
import Testing

@testable import ChatServer

@Suite struct LineFramerTests {
    private func frames(_ chunks: [String], max: Int = 8) -> [String] {
        var framer = LineFramer(maxLineBytes: max)
        var out: [String] = []
        for chunk in chunks {
            framer.append(ByteBuffer(string: chunk))
            while let frame = framer.next() {
                switch frame {
                case .line(let line): out.append(String(buffer: line))
                case .overlong: out.append("<overlong>")
                }
            }
        }
        return out
    }

    @Test func splitsOnLFAndCRLF() {
        #expect(frames(["a\nbb\r\n", "", "c"]) == ["a", "bb"])
        #expect(frames(["\n\r\n"]) == ["", ""])
    }

    @Test func joinsLinesAcrossReads() {
        #expect(frames(["he", "ll", "o\nwor", "ld\n"]) == ["hello", "world"])
    }

    @Test func lineOfExactlyTheMaximumIsAccepted() {
        #expect(frames(["12345678\n", "12345678\r\n"]) == ["12345678", "12345678"])
        #expect(frames(["1234", "5678\r", "\n"]) == ["12345678"])
    }

    @Test func overlongLineIsReportedOnceAndDiscardedToItsEnd() {
        #expect(frames(["123456789\nok\n"]) == ["<overlong>", "ok"])
        #expect(frames(["1234567890", "abcdef", "ghij\nok\n"]) == ["<overlong>", "ok"])
    }

    @Test func memoryStaysBoundedWhileDiscarding() {
        var framer = LineFramer(maxLineBytes: 8)
        framer.append(ByteBuffer(string: String(repeating: "x", count: 100)))
        #expect(framer.next() == .overlong(maxLineBytes: 8))
        for _ in 0..<100 {
            framer.append(ByteBuffer(string: String(repeating: "x", count: 1000)))
            #expect(framer.next() == nil)
            #expect(framer.bufferedBytes == 0)
        }
    }
}
