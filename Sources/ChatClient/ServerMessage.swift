/// One line from chatd, split into its meaning so the renderer and the
/// session never have to re-parse protocol text.
public enum ServerMessage: Equatable, Sendable {
    case nick(prompt: String)
    case welcome(alias: String, text: String)
    case join(alias: String)
    case leave(alias: String, reason: String)
    case message(from: String, text: String)
    case direct(from: String, text: String)
    case users([String])
    case help(String)
    case notice(String)
    case error(String)
    case kicked(reason: String)
    case bye
    /// A line this client does not know; shown as it came so nothing is lost
    /// when the server learns new words.
    case unknown(String)

    /// Parses one line without its line terminator.
    public init(line: String) {
        let (word, rest) = Self.split(line)
        switch word {
        case "NICK": self = .nick(prompt: rest)
        case "WELCOME":
            let (alias, text) = Self.split(rest)
            self = .welcome(alias: alias, text: text)
        case "JOIN" where !rest.isEmpty: self = .join(alias: rest)
        case "LEAVE" where !rest.isEmpty:
            let (alias, reason) = Self.split(rest)
            self = .leave(alias: alias, reason: reason)
        case "MSG" where !rest.isEmpty:
            let (from, text) = Self.split(rest)
            self = .message(from: from, text: text)
        case "DM" where !rest.isEmpty:
            let (from, text) = Self.split(rest)
            self = .direct(from: from, text: text)
        case "USERS": self = .users(rest.split(separator: " ").map(String.init))
        case "HELP": self = .help(rest)
        case "NOTICE": self = .notice(rest)
        case "ERR": self = .error(rest)
        case "KICKED": self = .kicked(reason: rest)
        case "BYE": self = .bye
        default: self = .unknown(line)
        }
    }

    /// Splits at the first space: the protocol's words never contain one,
    /// while the free text after them may contain many.
    private static func split(_ text: String) -> (String, String) {
        guard let space = text.firstIndex(of: " ") else { return (text, "") }
        return (String(text[..<space]), String(text[text.index(after: space)...]))
    }
}
