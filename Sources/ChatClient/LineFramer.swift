/// Cuts a byte stream into LF-terminated lines (a CR before the LF is
/// dropped), for both the socket and piped standard input.
public struct LineFramer: Sendable {
    /// Longer lines are dropped whole (a cut line would end mid-alias), so a
    /// misbehaving peer cannot grow the client's memory without bound. The
    /// default holds a `USERS` line of tens of thousands of aliases.
    public let maxLineBytes: Int
    private var pending: [UInt8] = []
    private var discarding = false

    public init(maxLineBytes: Int = 4 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    /// Lines completed by `bytes`, decoded as UTF-8 (invalid bytes become
    /// U+FFFD).
    public mutating func push<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if !discarding {
                    lines.append(Self.decode(pending))
                }
                pending.removeAll(keepingCapacity: true)
                discarding = false
            } else if !discarding {
                pending.append(byte)
                if pending.count > maxLineBytes {
                    pending.removeAll()
                    discarding = true
                }
            }
        }
        return lines
    }

    /// The unterminated last line at end of input, if any.
    public mutating func finish() -> String? {
        defer {
            pending.removeAll()
            discarding = false
        }
        guard !pending.isEmpty, !discarding else { return nil }
        return Self.decode(pending)
    }

    private static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var line = String(decoding: bytes, as: UTF8.self)
        if line.hasSuffix("\r") {
            line.removeLast()
        }
        return line
    }
}
