/// What the person or the script did, as far as the session cares.
enum InputEvent: Equatable {
    case line(String)
    /// Ctrl-C, Ctrl-D on an empty line, or end of piped input.
    case leave
}
