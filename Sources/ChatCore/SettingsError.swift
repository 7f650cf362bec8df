/// A setting chatd cannot use, with where it came from, worded for the administrator.
public struct SettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
