import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Splits a client's byte stream into lines (LF, CR LF accepted) without ever
/// holding more than one maximum line: an over-long line is reported once,
/// then discarded up to its end, and the connection stays usable. Lines are
/// pulled one at a time so that a rate-limited reader can stop mid-batch.
struct LineFramer {
    enum Frame: Equatable {
        /// The line without its ending.
        case line(ByteBuffer)
        /// Longer than `maxLineBytes`; the rest of it up to its end is discarded.
        case overlong(maxLineBytes: Int)
    }

    let maxLineBytes: Int
    /// Usually a slice of the channel's receive buffer. Emptied by dropping
    /// it, not by clear(): clear() on a shared storage allocates a fresh one,
    /// which every idle client would keep, and the channel could not reuse its own.
    private var buffer = ByteBuffer()
    /// Bytes from the reader index already known to hold no LF.
    private var scanned = 0
    private var discarding = false

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    var bufferedBytes: Int { buffer.readableBytes }

    mutating func append(_ incoming: ByteBuffer) {
        if buffer.readableBytes == 0 {
            buffer = incoming
        } else {
            var incoming = incoming
            buffer.writeBuffer(&incoming)
        }
    }

    /// Input appended and not yet taken as frames, as a restart carries it
    /// to the next chatd: from the start of a line.
    struct Unhandled: Equatable {
        var bytes: [UInt8]
        /// The next bytes finish an over-long line, which is discarded.
        var discarding: Bool
    }

    mutating func takeUnhandled() -> Unhandled {
        let input = Unhandled(bytes: Array(buffer.readableBytesView), discarding: discarding)
        buffer = ByteBuffer()
        scanned = 0
        discarding = false
        return input
    }

    /// Starts from where the previous chatd's framer stopped.
    mutating func restore(_ input: Unhandled) {
        discarding = input.discarding
        scanned = 0
        buffer = ByteBuffer(bytes: input.bytes)
    }

    mutating func next() -> Frame? {
        while buffer.readableBytes > 0 {
            guard let length = lengthToNewline() else {
                return noNewlineYet(readable: buffer.readableBytes, lastByte: buffer.readableBytesView.last)
            }
            scanned = 0
            if discarding {
                discarding = false
                buffer.moveReaderIndex(forwardBy: length + 1)
                continue
            }
            guard var line = buffer.readSlice(length: length) else { return nil }
            buffer.moveReaderIndex(forwardBy: 1)
            if line.readableBytesView.last == UInt8(ascii: "\r") {
                line.moveWriterIndex(to: line.writerIndex - 1)
            }
            if buffer.readableBytes == 0 { buffer = ByteBuffer() }
            return line.readableBytes > maxLineBytes ? .overlong(maxLineBytes: maxLineBytes) : .line(line)
        }
        // Everything is consumed (an over-long line discarded up to the end of
        // the read): drop the storage, as for a line.
        buffer = ByteBuffer()
        return nil
    }

    /// memchr over the unscanned bytes: the hot path for every line.
    private func lengthToNewline() -> Int? {
        let from = scanned
        return buffer.withUnsafeReadableBytes { raw -> Int? in
            guard let base = raw.baseAddress, raw.count > from,
                  let found = memchr(base + from, Int32(UInt8(ascii: "\n")), raw.count - from)
            else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
    }

    private mutating func noNewlineYet(readable: Int, lastByte: UInt8?) -> Frame? {
        if discarding {
            buffer = ByteBuffer()
            scanned = 0
            return nil
        }
        // One byte of slack for the CR of a CR LF ending.
        let overLimit = readable > maxLineBytes + 1
            || (readable == maxLineBytes + 1 && lastByte != UInt8(ascii: "\r"))
        if overLimit {
            discarding = true
            buffer = ByteBuffer()
            scanned = 0
            return .overlong(maxLineBytes: maxLineBytes)
        }
        scanned = readable
        if buffer.readerIndex > 0, buffer.readerIndex >= buffer.capacity / 2 {
            buffer.discardReadBytes()
        }
        return nil
    }
}
