/// The SGR sequences for each `TextStyle`. Kept to the eight basic colours
/// and attributes so every terminal in use shows them.
public enum ANSIStyle {
    public static let reset = "\u{1B}[0m"

    public static func code(for style: TextStyle) -> String {
        switch style {
        case .plain: ""
        case .sender: "\u{1B}[1m"
        case .ownSender: "\u{1B}[1;34m"
        case .direct: "\u{1B}[1;35m"
        case .mention: "\u{1B}[1;7;33m"
        case .presence, .dim: "\u{1B}[2m"
        case .notice: "\u{1B}[1;33m"
        case .error: "\u{1B}[1;31m"
        }
    }
}
