import ChatProtocol

/// Decides which aliases may be chosen. Uniqueness is the roster's job; this
/// only judges the spelling and the reserved names.
public struct AliasPolicy: Sendable, Equatable {
    public static let maximumLength = 32
    public static let defaultReserved = ["server", "chatd", "admin", "root"]

    /// Stored folded, so that `Admin` is as reserved as `admin`.
    public private(set) var reserved: Set<String>

    public init(reserved: [String] = AliasPolicy.defaultReserved) {
        self.reserved = Set(reserved.map { Alias.fold($0) })
    }

    /// Returns nil when the alias is acceptable, else why not, worded for the person typing it.
    public func problem(with alias: String) -> String? {
        let bytes = Array(alias.utf8)
        guard let first = bytes.first else { return "an alias cannot be empty" }
        guard bytes.count <= Self.maximumLength else {
            return "an alias is at most \(Self.maximumLength) characters"
        }
        guard Self.isLetter(first) else { return "an alias must start with a letter" }
        guard bytes.allSatisfy(Self.isAllowed) else {
            return "an alias may only use ASCII letters, digits, '_', '-' and '.'"
        }
        if reserved.contains(Alias.fold(alias)) { return "the alias \(alias) is reserved" }
        return nil
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 48 && byte <= 57) || byte == 95 || byte == 45 || byte == 46
    }
}
