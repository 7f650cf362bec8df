/// What a piece of text means to the reader; the terminal decides how that
/// looks, so pipe mode can drop it and colour mode can map it to SGR codes.
public enum TextStyle: Equatable, Sendable {
    case plain
    /// The author of a broadcast.
    case sender
    /// Your own alias as the author.
    case ownSender
    /// Direct messages, in either direction.
    case direct
    /// Your alias inside someone else's text.
    case mention
    /// Arrivals, departures and other chatter about the room.
    case presence
    /// Words from the server or an administrator.
    case notice
    case error
    /// Timestamps and other quiet decoration.
    case dim
}
