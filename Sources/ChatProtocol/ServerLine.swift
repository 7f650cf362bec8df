/// Every line chatd sends, in both directions of use: chatd encodes it, the
/// `chat` client and `chat-bench` parse it. The first word is the contract
/// that clients rely on; the text after it is for people.
public enum ServerLine: Equatable, Sendable {
    case nick(hint: String)
    case welcome(alias: String, info: String)
    case join(alias: String)
    case leave(alias: String, reason: String)
    case message(from: String, text: String)
    case direct(from: String, text: String)
    case users([String])
    case help(String)
    case bye
    case error(String)
    case notice(String)
    case kicked(reason: String)

    /// The contract words. Programs that read lines straight from bytes
    /// (`chat-bench`) match on these instead of spelling them again.
    public enum Word: String, Sendable, CaseIterable {
        case nick = "NICK"
        case welcome = "WELCOME"
        case join = "JOIN"
        case leave = "LEAVE"
        case message = "MSG"
        case direct = "DM"
        case users = "USERS"
        case help = "HELP"
        case bye = "BYE"
        case error = "ERR"
        case notice = "NOTICE"
        case kicked = "KICKED"
    }

    public var word: Word {
        switch self {
        case .nick: .nick
        case .welcome: .welcome
        case .join: .join
        case .leave: .leave
        case .message: .message
        case .direct: .direct
        case .users: .users
        case .help: .help
        case .bye: .bye
        case .error: .error
        case .notice: .notice
        case .kicked: .kicked
        }
    }

    /// The line as sent, without its LF.
    public var text: String {
        var text = ""
        write { text += $0 }
        return text
    }

    /// Hands out the line piece by piece, so that a transport can encode it
    /// straight into its own buffer without building the `String` first.
    public func write(_ append: (String) -> Void) {
        append(word.rawValue)
        switch self {
        case .nick(let hint):
            if !hint.isEmpty { append(" "); append(hint) }
        case .welcome(let first, let second), .leave(let first, let second),
             .message(let first, let second), .direct(let first, let second):
            append(" "); append(first); append(" "); append(second)
        case .join(let alias):
            append(" "); append(alias)
        case .users(let aliases):
            for alias in aliases { append(" "); append(alias) }
        case .help(let text), .error(let text), .notice(let text), .kicked(let text):
            append(" "); append(text)
        case .bye:
            break
        }
    }

    /// Parses one line without its line ending; nil for a line this version
    /// does not know, which a client shows as it came so nothing is lost
    /// when the server learns new words.
    public init?(parsing line: String) {
        let (first, rest) = Self.split(line[...])
        guard let word = Word(rawValue: String(first)) else { return nil }
        switch word {
        case .nick: self = .nick(hint: String(rest))
        case .welcome:
            let (alias, info) = Self.split(rest)
            self = .welcome(alias: String(alias), info: String(info))
        case .join:
            guard !rest.isEmpty else { return nil }
            self = .join(alias: String(rest))
        case .leave:
            guard !rest.isEmpty else { return nil }
            let (alias, reason) = Self.split(rest)
            self = .leave(alias: String(alias), reason: String(reason))
        case .message, .direct:
            guard !rest.isEmpty else { return nil }
            let (from, text) = Self.split(rest)
            self = word == .message
                ? .message(from: String(from), text: String(text))
                : .direct(from: String(from), text: String(text))
        case .users: self = .users(rest.split(separator: " ").map(String.init))
        case .help: self = .help(String(rest))
        case .bye: self = .bye
        case .error: self = .error(String(rest))
        case .notice: self = .notice(String(rest))
        case .kicked: self = .kicked(reason: String(rest))
        }
    }

    /// Splits at the first space: the protocol's words never contain one,
    /// while the free text after them may contain many.
    private static func split(_ text: Substring) -> (Substring, Substring) {
        text.splittingAtFirstSpace() ?? (text, "")
    }
}
