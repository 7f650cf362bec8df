/// A refusal from chatd: a code for scripts, a message for people.
public struct AdminError: Error, Codable, Equatable, Sendable, CustomStringConvertible {
    public var code: AdminErrorCode
    public var message: String

    public init(_ code: AdminErrorCode, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
