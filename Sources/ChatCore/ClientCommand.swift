/// What a logged-in user asked for with one line of input.
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

    /// Parses one non-empty, already sanitised line. Only the single space after
    /// the command (and after `/dm`'s alias) separates: the rest is relayed as sent.
    public init(parsing line: Substring) {
        guard line.first == "/" else {
            self = .broadcast(String(line))
            return
        }
        let name: Substring
        let argument: Substring?
        if let space = line.firstIndex(of: " ") {
            name = line[line.index(after: line.startIndex)..<space]
            argument = line[line.index(after: space)...]
        } else {
            name = line.dropFirst()
            argument = nil
        }
        switch AliasPolicy.fold(String(name)) {
        case "bm":
            guard let text = argument, !text.isEmpty else {
                self = .missingArguments(usage: "/bm <text>")
                return
            }
            self = .broadcast(String(text))
        case "dm":
            guard let argument, let space = argument.firstIndex(of: " "),
                  space != argument.startIndex,
                  argument.index(after: space) != argument.endIndex
            else {
                self = .missingArguments(usage: "/dm <alias> <text>")
                return
            }
            self = .direct(
                to: String(argument[..<space]),
                text: String(argument[argument.index(after: space)...])
            )
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
}
