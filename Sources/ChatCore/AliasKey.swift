/// An alias's case-insensitive identity (`Alice` is `alice`), folded into a
/// fixed-size value: every direct message looks its recipient up by alias,
/// and this hashes and compares without allocating or touching a `String`.
/// Inlinable, so that chatd's lookups are specialised for the `Substring` it
/// parsed instead of walking a generic `StringProtocol` through witness tables.
public struct AliasKey: Hashable, Sendable {
    @usableFromInline var bytes: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    @usableFromInline var length: UInt8 = 0

    /// nil for text longer than any alias can be (`AliasPolicy.maximumLength`).
    @inlinable
    public init?(_ alias: some StringProtocol) {
        let utf8 = alias.utf8
        guard utf8.count <= AliasPolicy.maximumLength else { return nil }
        length = UInt8(utf8.count)
        withUnsafeMutableBytes(of: &bytes) { raw in
            for (offset, byte) in utf8.enumerated() {
                raw[offset] = byte >= 65 && byte <= 90 ? byte + 32 : byte
            }
        }
    }

    @inlinable
    public static func == (lhs: AliasKey, rhs: AliasKey) -> Bool {
        lhs.length == rhs.length && lhs.bytes.0 == rhs.bytes.0 && lhs.bytes.1 == rhs.bytes.1
            && lhs.bytes.2 == rhs.bytes.2 && lhs.bytes.3 == rhs.bytes.3
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes.0)
        hasher.combine(bytes.1)
        hasher.combine(bytes.2)
        hasher.combine(bytes.3)
    }
}
