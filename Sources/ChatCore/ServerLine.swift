/// Every line chatd sends. The first word is the contract that clients parse;
/// the text after it is for people.
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

    /// The line as sent, without its LF.
    public var text: String {
        switch self {
        case .nick(let hint): return hint.isEmpty ? "NICK" : "NICK \(hint)"
        case .welcome(let alias, let info): return "WELCOME \(alias) \(info)"
        case .join(let alias): return "JOIN \(alias)"
        case .leave(let alias, let reason): return "LEAVE \(alias) \(reason)"
        case .message(let from, let text): return "MSG \(from) \(text)"
        case .direct(let from, let text): return "DM \(from) \(text)"
        case .users(let aliases): return (["USERS"] + aliases).joined(separator: " ")
        case .help(let text): return "HELP \(text)"
        case .bye: return "BYE"
        case .error(let why): return "ERR \(why)"
        case .notice(let text): return "NOTICE \(text)"
        case .kicked(let reason): return "KICKED \(reason)"
        }
    }
}
