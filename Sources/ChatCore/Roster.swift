import ChatProtocol

/// Who is logged in, under which alias, in join order. Lookups are by folded
/// alias; the alias is kept as typed for display.
public struct Roster<Member: Hashable>: Sendable where Member: Sendable {
    private struct Entry: Sendable {
        let member: Member
        let alias: String
        let joinSequence: UInt64
    }

    private var entriesByKey: [String: Entry] = [:]
    private var keysByMember: [Member: String] = [:]
    private var nextJoinSequence: UInt64 = 0

    public init() {}

    public var count: Int { entriesByKey.count }

    public func member(named alias: String) -> Member? {
        entriesByKey[Alias.fold(alias)]?.member
    }

    public func alias(of member: Member) -> String? {
        keysByMember[member].flatMap { entriesByKey[$0]?.alias }
    }

    /// Adds the member unless the alias is taken (case-insensitively).
    public mutating func add(_ member: Member, alias: String) -> Bool {
        let key = Alias.fold(alias)
        guard entriesByKey[key] == nil, keysByMember[member] == nil else { return false }
        entriesByKey[key] = Entry(member: member, alias: alias, joinSequence: nextJoinSequence)
        keysByMember[member] = key
        nextJoinSequence += 1
        return true
    }

    /// Removes the member and returns the alias it had.
    @discardableResult
    public mutating func remove(_ member: Member) -> String? {
        guard let key = keysByMember.removeValue(forKey: member) else { return nil }
        return entriesByKey.removeValue(forKey: key)?.alias
    }

    /// Sorted on demand rather than kept ordered, so that a mass quit stays linear.
    public var aliasesInJoinOrder: [String] {
        entriesByKey.values.sorted { $0.joinSequence < $1.joinSequence }.map(\.alias)
    }
}
