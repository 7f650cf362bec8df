// libFuzzer target: chatd's line framer (ChatServer's LineFramer, on NIO's
// ByteBuffer) against a byte-by-byte model of what its comment promises.
// Input: byte 0 picks maxLineBytes (1...64, so over-long lines are common),
// byte 1 how many of the next bytes are a read pattern, then the stream. Each
// pattern byte is one read of 1...64 bytes (the low 6 bits) and, when its top
// bit is set, a reader that takes only one frame before the next read (a
// rate-limited client); NIO never delivers an empty read. The reads are
// slices of one buffer, as reads are slices of the channel's receive buffer.
// Invariants: the stream read whole, read by the pattern and read a byte at a
// time gives the frames the model gives (lines split at LF, one CR before the
// LF dropped, a line longer than maxLineBytes reported once as over-long and
// discarded to its end, an unterminated last line held back unless it can no
// longer fit); no line holds an LF or exceeds maxLineBytes; a read adds exactly
// its bytes; once the reader has taken every frame the framer holds at most
// one maximum line and its CR, and, holding nothing, keeps no reference to the
// receive buffer (an idle client must not pin the channel's buffer).
import NIOCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard bytes.count >= 2 else { return 0 }
    let maxLineBytes = 1 + Int(bytes[0] & 0x3F)
    let patternEnd = min(bytes.count, 2 + Int(bytes[1] & 0x0F))
    let pattern = bytes[2..<patternEnd].map { (length: 1 + Int($0 & 0x3F), pullOne: $0 & 0x80 != 0) }
    let stream = Array(bytes[patternEnd...])
    let expected = modelFrames(stream, maxLineBytes: maxLineBytes)

    precondition(framed(stream, maxLineBytes: maxLineBytes, reads: [(stream.count, false)]) == expected, "one read differs from the model")
    precondition(framed(stream, maxLineBytes: maxLineBytes, reads: pattern) == expected, "the read pattern changes the frames")
    precondition(framed(stream, maxLineBytes: maxLineBytes, reads: [(1, false)]) == expected, "byte-at-a-time reads change the frames")
    return 0
}

private enum Frame: Equatable {
    case line([UInt8])
    case overlong
}

/// The framer's contract written the slow way, from the whole stream at once.
private func modelFrames(_ stream: [UInt8], maxLineBytes: Int) -> [Frame] {
    let cr = UInt8(ascii: "\r")
    var segments = stream.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    let tail = segments.removeLast()
    var frames: [Frame] = segments.map { segment in
        let line = segment.last == cr ? segment.dropLast() : segment
        return line.count > maxLineBytes ? .overlong : .line(Array(line))
    }
    // An unterminated line is reported as soon as not even a CR LF could save it.
    if tail.count > maxLineBytes + 1 || (tail.count == maxLineBytes + 1 && tail.last != cr) {
        frames.append(.overlong)
    }
    return frames
}

/// Feeds `stream` as slices of one receive buffer, cycling through `reads`,
/// and checks the framer's own bounds along the way.
private func framed(_ stream: [UInt8], maxLineBytes: Int, reads: [(length: Int, pullOne: Bool)]) -> [Frame] {
    guard !stream.isEmpty else { return [] }
    var receiveBuffer = ByteBuffer(bytes: stream)
    var framer = LineFramer(maxLineBytes: maxLineBytes)
    var frames: [Frame] = []
    var offset = 0
    var turn = 0

    func take() -> Bool {
        guard let frame = framer.next() else { return false }
        switch frame {
        case .line(let line):
            precondition(line.readableBytes <= maxLineBytes, "a line longer than maxLineBytes")
            precondition(!line.readableBytesView.contains(UInt8(ascii: "\n")), "a line holds an LF")
            frames.append(.line(Array(line.readableBytesView)))
        case .overlong(let reported):
            precondition(reported == maxLineBytes, "over-long frame names another limit")
            frames.append(.overlong)
        }
        return true
    }

    while offset < stream.count {
        let read = reads.isEmpty ? (length: stream.count, pullOne: false) : reads[turn % reads.count]
        turn += 1
        let length = min(read.length, stream.count - offset)
        if length > 0, let slice = receiveBuffer.getSlice(at: receiveBuffer.readerIndex + offset, length: length) {
            let before = framer.bufferedBytes
            framer.append(slice)
            precondition(framer.bufferedBytes == before + length, "a read did not add exactly its bytes")
        }
        offset += length
        if read.pullOne {
            _ = take()
            continue
        }
        while take() {}
        precondition(framer.bufferedBytes <= maxLineBytes + 1, "holds more than one maximum line and its CR")
        if framer.bufferedBytes == 0 {
            precondition(isUniquelyReferenced(&receiveBuffer), "an empty framer still holds the receive buffer")
        }
    }
    while take() {}
    return frames
}

/// A mutable view copies a shared storage; one that stays where it was was not shared.
private func isUniquelyReferenced(_ buffer: inout ByteBuffer) -> Bool {
    let before = buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
    let after = buffer.withUnsafeMutableReadableBytes { UInt(bitPattern: $0.baseAddress) }
    return before == after
}
