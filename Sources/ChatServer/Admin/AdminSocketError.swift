/// Why chatd cannot serve its admin socket; chatd does not start.
public struct AdminSocketError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
