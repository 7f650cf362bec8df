/// Who is logged in, under which alias, in join order. Lookups are by the
/// alias's case-insensitive `AliasKey`; the alias is kept as typed for display.
/// The lookups every message makes are inlinable: specialised for chatd's
/// member type, they hash it directly instead of through generic metadata.
public struct Roster<Member: Hashable>: Sendable where Member: Sendable {
    /// Neither the member nor its key: the first is the table's key, the
    /// second is made again from the alias on removal; each entry is paid
    /// for by every user online.
    @usableFromInline struct Entry: Sendable {
        @usableFromInline let alias: String
        let joinSequence: UInt64
    }

    @usableFromInline var membersByKey: [AliasKey: Member] = [:]
    @usableFromInline var entriesByMember: [Member: Entry] = [:]
    private var nextJoinSequence: UInt64 = 0

    public init() {}

    @inlinable
    public var count: Int { entriesByMember.count }

    @inlinable
    public func member(named alias: some StringProtocol) -> Member? {
        AliasKey(alias).flatMap { membersByKey[$0] }
    }

    @inlinable
    public func alias(of member: Member) -> String? {
        entriesByMember[member]?.alias
    }

    /// Adds the member unless the alias is taken (case-insensitively) or cannot be one.
    /// `joinSequence`: its place in the join order, kept from before a
    /// restart; nil joins after everyone.
    public mutating func add(_ member: Member, alias: String, joinSequence: UInt64? = nil) -> Bool {
        guard let key = AliasKey(alias), membersByKey[key] == nil, entriesByMember[member] == nil else { return false }
        let sequence = joinSequence ?? nextJoinSequence
        membersByKey[key] = member
        entriesByMember[member] = Entry(alias: alias, joinSequence: sequence)
        nextJoinSequence = max(nextJoinSequence, sequence + 1)
        return true
    }

    /// Where the member stands in the join order.
    public func joinSequence(of member: Member) -> UInt64? {
        entriesByMember[member]?.joinSequence
    }

    /// Removes the member and returns the alias it had.
    @discardableResult
    public mutating func remove(_ member: Member) -> String? {
        guard let entry = entriesByMember.removeValue(forKey: member) else { return nil }
        if let key = AliasKey(entry.alias) { membersByKey[key] = nil }
        return entry.alias
    }

    /// Sorted on demand rather than kept ordered, so that a mass quit stays linear.
    public var aliasesInJoinOrder: [String] {
        entriesByMember.values.sorted { $0.joinSequence < $1.joinSequence }.map(\.alias)
    }
}
