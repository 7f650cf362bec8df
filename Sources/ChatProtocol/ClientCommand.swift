/// What a logged-in user asked for with one line of input. chatd acts on
/// this parse and the `chat` client echoes from it, so what a user sees as
/// sent is what chatd delivers.
public enum ClientCommand: Equatable, Sendable {
    case broadcast(String)
    case direct(to: String, text: String)
    case users
    case help
    case quit(reason: String?)
    /// A `/name` chatd does not know, as the user typed it.
    case unknown(String)
    /// A known command without the arguments it needs; carries its usage.
    case missingArguments(usage: String)

    /// What one received line amounts to once sanitised.
    public enum Reading: Equatable, Sendable {
        case command(ClientCommand)
        /// Empty, or empty once stripped: ignored.
        case nothing
        case invalidUTF8
    }

    /// A line as it arrives (without its line ending): sanitised, then parsed.
    public static func read(_ bytes: UnsafeRawBufferPointer) -> Reading {
        switch TextSanitizer.sanitize(bytes) {
        case .invalidUTF8: return .invalidUTF8
        case .text(let text): return text.isEmpty ? .nothing : .command(ClientCommand(parsing: text[...]))
        }
    }

    public static func read(_ line: String) -> Reading {
        var line = line
        return line.withUTF8 { read(UnsafeRawBufferPointer($0)) }
    }

    /// Parses one non-empty, already sanitised line. Only the single space after
    /// the command (and after `/dm`'s alias) separates: the rest is relayed as sent.
    public init(parsing line: Substring) {
        guard line.first == "/" else {
            self = .broadcast(String(line))
            return
        }
        let name: Substring
        let argument: Substring?
        if let (command, rest) = line.splittingAtFirstSpace() {
            name = Substring(command.unicodeScalars.dropFirst())
            argument = rest
        } else {
            name = line.dropFirst()
            argument = nil
        }
        switch Alias.fold(name) {
        case "bm":
            guard let text = argument, !text.isEmpty else {
                self = .missingArguments(usage: Self.broadcastUsage)
                return
            }
            self = .broadcast(String(text))
        case "dm":
            guard let (to, text) = argument?.splittingAtFirstSpace(), !to.isEmpty, !text.isEmpty else {
                self = .missingArguments(usage: Self.directUsage)
                return
            }
            self = .direct(to: String(to), text: String(text))
        case "users":
            self = .users
        case "help":
            self = .help
        case "quit":
            if let reason = argument, !reason.isEmpty {
                self = .quit(reason: String(reason))
            } else {
                self = .quit(reason: nil)
            }
        default:
            self = .unknown("/" + name)
        }
    }

    private static let broadcastUsage = "/bm <text>"
    private static let directUsage = "/dm <alias> <text>"

    /// The line a client sends for this command, without its LF; parsing it
    /// gives the command back.
    public var line: String {
        switch self {
        case .broadcast(let text): return text.first == "/" || text.isEmpty ? "/bm \(text)" : text
        case .direct(let to, let text): return "/dm \(to) \(text)"
        case .users: return "/users"
        case .help: return "/help"
        case .quit(let reason): return reason.map { "/quit \($0)" } ?? "/quit"
        case .unknown(let name): return name
        case .missingArguments(let usage): return String(usage.prefix { $0 != " " })
        }
    }
}
