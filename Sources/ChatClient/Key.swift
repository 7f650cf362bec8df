/// A key press as the line editor sees it, after escape sequences and UTF-8
/// have been decoded.
public enum Key: Equatable, Sendable {
    /// Printable text, possibly several characters from one read or a paste.
    case text(String)
    case enter
    case tab
    case backspace
    case delete
    case left
    case right
    case wordLeft
    case wordRight
    case home
    case end
    case up
    case down
    /// Ctrl plus a letter, as the lower-case letter ("a" for Ctrl-A).
    case control(Character)
    /// Not a key: the terminal's answer to a cursor position request, which
    /// arrives on the input like one. One-based, as the terminal reports it.
    case cursorPosition(row: Int, column: Int)
}
