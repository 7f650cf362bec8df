/// A stable, machine-readable reason for a refusal. Open-ended (not an enum)
/// so that an older chatctl still reads codes a newer chatd adds.
public struct AdminErrorCode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    /// The line is not a JSON object, or lacks `command`.
    public static let malformedRequest = AdminErrorCode(rawValue: "malformed-request")
    /// The line is longer than `AdminWire.maximumRequestBytes`; chatd closes the connection.
    public static let requestTooLarge = AdminErrorCode(rawValue: "request-too-large")
    /// `version` is missing or not the one chatd speaks.
    public static let unsupportedVersion = AdminErrorCode(rawValue: "unsupported-version")
    public static let unknownCommand = AdminErrorCode(rawValue: "unknown-command")
    /// `arguments` are missing, of the wrong type or out of range.
    public static let invalidArguments = AdminErrorCode(rawValue: "invalid-arguments")
    /// The peer is not root, chatd's own user, or in the admin group.
    public static let permissionDenied = AdminErrorCode(rawValue: "permission-denied")
    public static let noSuchUser = AdminErrorCode(rawValue: "no-such-user")
    /// chatd already has as many admin connections open as it allows; the connection is closed.
    public static let tooManyConnections = AdminErrorCode(rawValue: "too-many-connections")
    /// chatd is stopping and takes no more actions.
    public static let shuttingDown = AdminErrorCode(rawValue: "shutting-down")
    /// chatd could not encode its answer; a bug worth reporting.
    public static let internalError = AdminErrorCode(rawValue: "internal-error")
}
