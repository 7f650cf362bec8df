/// TLS cannot be served as configured; the message names the file or setting.
public struct TLSSetupError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
