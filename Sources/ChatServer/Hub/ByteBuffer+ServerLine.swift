import ChatProtocol
import NIOCore

extension ByteBuffer {
    /// Appends the line and its LF without an intermediate `String`.
    mutating func writeServerLine(_ line: ServerLine) {
        line.write { writeString($0) }
        writeInteger(UInt8(ascii: "\n"))
    }
}

extension ServerLine {
    /// The line and its LF in a buffer of its own, sized once.
    var encoded: ByteBuffer {
        var length = 1
        write { length += $0.utf8.count }
        var buffer = ByteBufferAllocator().buffer(capacity: length)
        buffer.writeServerLine(self)
        return buffer
    }
}
