extension Substring {
    /// The text before and after the first U+0020 SPACE, found among Unicode
    /// scalars, not Characters: a space followed by a combining mark is one
    /// Character to Swift, so `firstIndex(of: " ")` would not see it, and a
    /// text starting with a combining mark would swallow the word before it
    /// (`MSG alice ͚hi` read as from "alice ͚hi"). nil without a space.
    func splittingAtFirstSpace() -> (before: Substring, after: Substring)? {
        let scalars = unicodeScalars
        guard let space = scalars.firstIndex(of: " ") else { return nil }
        return (Substring(scalars[..<space]), Substring(scalars[scalars.index(after: space)...]))
    }
}
