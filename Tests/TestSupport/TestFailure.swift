/// Why a helper could not do what a test asked, for the test's failure message.
public struct TestFailure: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
