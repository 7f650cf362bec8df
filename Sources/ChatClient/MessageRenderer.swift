import ChatProtocol

/// Turns server messages into the lines a person reads: `alice: hi`,
/// `alice → you: hi`, `*** bob left (connection lost)`.
public struct MessageRenderer: Sendable {
    /// Your alias once the server accepted it: your own messages and
    /// mentions of you are styled differently.
    public var ownAlias: String?

    public init(ownAlias: String? = nil) {
        self.ownAlias = ownAlias
    }

    public func render(_ message: ServerLine) -> StyledText {
        switch message {
        case .nick(let hint):
            return StyledText("*** \(hint.terminalSafe)", .presence)
        case .welcome(_, let text):
            return StyledText("*** \(text.terminalSafe)", .notice)
        case .join(let alias):
            return StyledText("*** \(alias.terminalSafe) joined", .presence)
        case .leave(let alias, let reason):
            let why = reason.isEmpty ? "" : " (\(reason.terminalSafe))"
            return StyledText("*** \(alias.terminalSafe) left\(why)", .presence)
        case .message(let from, let text):
            let mine = isOwn(from)
            var line = StyledText(from.terminalSafe, mine ? .ownSender : .sender)
            line.append(": ")
            line.append(mine ? StyledText(text.terminalSafe) : highlightingMentions(in: text, base: .plain))
            return line
        case .direct(let from, let text):
            var line = StyledText("\(from.terminalSafe) → you: ", .direct)
            line.append(highlightingMentions(in: text, base: .direct))
            return line
        case .users(let aliases):
            let list = aliases.map(\.terminalSafe).joined(separator: ", ")
            return StyledText("*** online (\(aliases.count)): \(list)", .presence)
        case .help(let text):
            return StyledText(text.terminalSafe)
        case .notice(let text):
            return StyledText("[server] \(text.terminalSafe)", .notice)
        case .error(let text):
            return StyledText("error: \(text.terminalSafe)", .error)
        case .kicked(let reason):
            let why = reason.isEmpty ? "" : ": \(reason.terminalSafe)"
            return StyledText("*** you were kicked out by an administrator\(why)", .error)
        case .bye:
            return StyledText("*** you left the chat", .presence)
        }
    }

    /// A line this client does not know, shown as it came so nothing is lost
    /// when the server learns new words.
    public func renderUnrecognised(_ line: String) -> StyledText {
        StyledText(line.terminalSafe)
    }

    /// The local echo of a direct message you sent, which the server does not
    /// send back.
    public func renderSentDirect(to alias: String, text: String) -> StyledText {
        StyledText("you → \(alias.terminalSafe): \(text.terminalSafe)", .direct)
    }

    private func isOwn(_ alias: String) -> Bool {
        guard let ownAlias else { return false }
        return alias.lowercased() == ownAlias.lowercased()
    }

    /// Marks whole-word occurrences of your alias, case-insensitively, as
    /// aliases are unique without regard to case.
    private func highlightingMentions(in text: String, base: TextStyle) -> StyledText {
        let safe = text.terminalSafe
        guard let ownAlias, !ownAlias.isEmpty else { return StyledText(safe, base) }
        let characters = Array(safe)
        let needle = Array(ownAlias.lowercased())
        var result = StyledText()
        var pending = ""
        var index = 0
        while index < characters.count {
            if Self.matches(needle, in: characters, at: index) {
                result.append(pending, base)
                pending = ""
                result.append(String(characters[index..<index + needle.count]), .mention)
                index += needle.count
            } else {
                pending.append(characters[index])
                index += 1
            }
        }
        result.append(pending, base)
        return result
    }

    private static func matches(_ needle: [Character], in text: [Character], at start: Int) -> Bool {
        let end = start + needle.count
        guard end <= text.count else { return false }
        if start > 0, isAliasCharacter(text[start - 1]) { return false }
        if end < text.count, isAliasCharacter(text[end]) { return false }
        for offset in 0..<needle.count where text[start + offset].lowercased() != String(needle[offset]) {
            return false
        }
        return true
    }

    /// Letters, digits, `_` and `-` continue a word; a `.` does not, so
    /// "thanks alice." still mentions alice.
    private static func isAliasCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "-")
    }
}
