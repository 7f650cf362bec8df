/// The client's link to chatd, plain or encrypted: a descriptor for poll(2)
/// to watch, lines out, bytes in.
public protocol ServerConnection: AnyObject {
    /// Readable when `read()` has something to do.
    var fd: Int32 { get }
    /// Sends one protocol line. A failure is not reported here: the next
    /// read sees the broken connection and the session handles it there.
    func send(line: String)
    func read() -> ServerRead
}

public enum ServerRead {
    /// Possibly empty: a TLS record may carry no chat text.
    case data([UInt8])
    /// The server closed the connection in order.
    case closed
    case failed(reason: String)
}

/// How the client reaches a server: plain TCP, or TLS around it.
public typealias ServerConnector = (_ host: String, _ port: Int) throws(ClientError) -> any ServerConnection
