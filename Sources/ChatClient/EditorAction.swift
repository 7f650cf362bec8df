/// What the caller must do after the editor took a key.
public enum EditorAction: Equatable, Sendable {
    /// Nothing visible changed.
    case none
    /// The input line changed: draw it again.
    case redraw
    /// Enter: this line was submitted and the editor is empty again.
    case submit(String)
    /// Ctrl-C, or Ctrl-D on an empty line: leave the chat.
    case leave
    /// Ctrl-L: clear the screen and draw the input line again.
    case clearScreen
    /// Tab found several candidates and nothing more to add: list them.
    case showCandidates([String])
    /// The key did nothing useful (Tab without a match, Up at the oldest).
    case bell
}
