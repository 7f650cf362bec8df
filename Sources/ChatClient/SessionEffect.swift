/// What `ChatSession` asks the I/O loop to do; the session itself never
/// touches a file descriptor, which keeps it testable.
public enum SessionEffect: Equatable, Sendable {
    /// Write this line (without terminator) to the server.
    case send(String)
    /// Show this line to the person.
    case show(StyledText)
    /// Get an alias from the person (or the next input line in pipe mode)
    /// and `submit` it.
    case askForAlias
    /// The server accepted the alias: a reconnect backoff starts over.
    case loggedIn
    /// Close the connection and connect again after a pause.
    case reconnect
    /// Stop with this status; `message` goes to standard error.
    case exit(ExitStatus, message: String?)
}
