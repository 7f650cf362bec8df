extension String {
    /// The first space-separated word and the rest after the spaces that
    /// follow it, the way chatd reads command arguments.
    var splitFirstWord: (String, String) {
        let trimmed = drop(while: { $0 == " " })
        guard let space = trimmed.firstIndex(of: " ") else { return (String(trimmed), "") }
        return (String(trimmed[..<space]), String(trimmed[space...].drop(while: { $0 == " " })))
    }

    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        return String(drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }
}
