import Foundation

/// The framing both ends agree on: one JSON object per line, each way.
public enum AdminWire {
    /// Bumped whenever a request or response changes incompatibly, so an old
    /// chatctl and a new chatd refuse each other clearly instead of misreading.
    public static let version = 1

    /// Longest request line chatd reads, without its LF; a longer one is
    /// answered with `request-too-large` and the connection is closed.
    public static let maximumRequestBytes = 64 * 1024

    /// Sorted keys keep the output stable for people diffing it and for tests.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The JSON of `value` followed by LF.
    static func line(_ value: some Encodable) throws -> Data {
        var data = try encoder().encode(value)
        data.append(UInt8(ascii: "\n"))
        return data
    }
}
