import NIOCore

/// The text of every benchmark message: the sender's number, its sequence
/// number and when it was due (CLOCK_MONOTONIC nanoseconds, one clock for
/// sender and receiver), padded with `x` to a fixed size. Receivers parse it
/// straight from the received bytes, so the generator stays cheap per delivery.
struct Payload: Equatable {
    var sender: Int
    var sequence: Int
    var dueAt: UInt64

    init(sender: Int, sequence: Int, dueAt: UInt64) {
        self.sender = sender
        self.sequence = sequence
        self.dueAt = dueAt
    }

    /// Writes the payload and pads it to `textBytes` (never truncates the numbers).
    func write(into buffer: inout ByteBuffer, textBytes: Int) {
        let start = buffer.writerIndex
        buffer.writeString("\(sender) \(sequence) \(dueAt) ")
        let padding = textBytes - (buffer.writerIndex - start)
        if padding > 0 { buffer.writeRepeatingByte(UInt8(ascii: "x"), count: padding) }
    }

    /// Reads the payload of a relayed line, `MSG <alias> <payload>` or `DM <alias> <payload>`.
    init?(relayedLine line: UnsafeRawBufferPointer) {
        guard let kindEnd = line.firstIndex(of: UInt8(ascii: " ")),
              let aliasEnd = line[(kindEnd + 1)...].firstIndex(of: UInt8(ascii: " "))
        else { return nil }
        var position = aliasEnd + 1
        func number() -> UInt64? {
            var value: UInt64 = 0
            let first = position
            while position < line.endIndex, line[position] >= UInt8(ascii: "0"), line[position] <= UInt8(ascii: "9") {
                value = value &* 10 &+ UInt64(line[position] - UInt8(ascii: "0"))
                position += 1
            }
            guard position > first else { return nil }
            position += 1
            return value
        }
        guard let sender = number().flatMap(Int.init(exactly:)),
              let sequence = number().flatMap(Int.init(exactly:)),
              let dueAt = number()
        else { return nil }
        self.sender = sender
        self.sequence = sequence
        self.dueAt = dueAt
    }
}
