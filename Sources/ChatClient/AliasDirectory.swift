/// Who is in the room as far as this client has seen (from `USERS`, `JOIN`,
/// `LEAVE` and authors of messages): the candidates for Tab completion.
/// Aliases are unique case-insensitively, so that is how they are compared.
public struct AliasDirectory: Sendable {
    public private(set) var aliases: [String] = []
    /// The folded aliases, so that a `USERS` line of n aliases costs n lookups, not n².
    private var keys: Set<String> = []

    public init() {}

    public mutating func add(_ alias: String) {
        guard !alias.isEmpty, keys.insert(alias.lowercased()).inserted else { return }
        aliases.append(alias)
    }

    public mutating func remove(_ alias: String) {
        let key = alias.lowercased()
        guard keys.remove(key) != nil else { return }
        aliases.removeAll { $0.lowercased() == key }
    }

    public mutating func replaceAll(with aliases: [String]) {
        self.aliases = []
        keys = []
        for alias in aliases {
            add(alias)
        }
    }

    public func contains(_ alias: String) -> Bool {
        keys.contains(alias.lowercased())
    }

    /// Completion candidates: everyone but you, since you rarely address
    /// yourself.
    public func candidates(excluding ownAlias: String?) -> [String] {
        guard let ownAlias else { return aliases }
        let key = ownAlias.lowercased()
        return aliases.filter { $0.lowercased() != key }
    }
}
