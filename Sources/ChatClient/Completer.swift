/// Tab completion of the word before the cursor: commands at the start of
/// the line, aliases anywhere (with or without a leading `@`).
public struct Completer: Sendable {
    public enum Result: Equatable, Sendable {
        /// Replace the word (the last `wordLength` characters before the
        /// cursor) with `text`.
        case replace(wordLength: Int, text: String)
        case candidates([String])
        case noMatch
    }

    public static let commands = ["/bm", "/dm", "/help", "/quit", "/users"]

    public init() {}

    /// - Parameters:
    ///   - beforeCursor: the input line up to the cursor.
    ///   - aliases: the people known to be in the room.
    public func complete(_ beforeCursor: [Character], aliases: [String]) -> Result {
        var start = beforeCursor.count
        while start > 0, !beforeCursor[start - 1].isWhitespace {
            start -= 1
        }
        var word = String(beforeCursor[start...])
        let isFirstWord = beforeCursor[..<start].allSatisfy(\.isWhitespace)
        let pool: [String]
        var prefix = ""
        if isFirstWord, word.hasPrefix("/") {
            pool = Self.commands
        } else {
            if word.hasPrefix("@") {
                prefix = "@"
                word.removeFirst()
            }
            pool = aliases
        }
        let lowered = word.lowercased()
        let matches = pool.filter { $0.lowercased().hasPrefix(lowered) }
        let wordLength = beforeCursor.count - start
        switch matches.count {
        case 0:
            return .noMatch
        case 1:
            return .replace(wordLength: wordLength, text: prefix + matches[0] + " ")
        default:
            let common = Self.commonPrefix(matches)
            if common.count > word.count {
                return .replace(wordLength: wordLength, text: prefix + common)
            }
            return .candidates(matches.sorted { $0.lowercased() < $1.lowercased() })
        }
    }

    /// The longest case-insensitive common prefix, spelled as in the first
    /// candidate.
    private static func commonPrefix(_ words: [String]) -> String {
        guard var common = words.first.map(Array.init) else { return "" }
        for word in words.dropFirst() {
            let characters = Array(word)
            var length = 0
            while length < min(common.count, characters.count),
                common[length].lowercased() == characters[length].lowercased()
            {
                length += 1
            }
            common.removeLast(common.count - length)
        }
        return String(common)
    }
}
