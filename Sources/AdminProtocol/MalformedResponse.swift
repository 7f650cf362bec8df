/// chatd answered something chatctl cannot read: a different protocol or a bug.
public struct MalformedResponse: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
