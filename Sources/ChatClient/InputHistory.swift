/// Lines you sent, for Up and Down. Browsing keeps the line you were
/// writing so Down past the newest entry gives it back.
public struct InputHistory: Sendable {
    public let limit: Int
    public private(set) var entries: [String] = []
    private var position: Int?
    private var draft = ""

    public init(limit: Int = 500) {
        self.limit = limit
    }

    /// Records a sent line; repeats of the previous line are kept once.
    public mutating func record(_ line: String) {
        position = nil
        guard !line.isEmpty, entries.last != line else { return }
        entries.append(line)
        if entries.count > limit {
            entries.removeFirst(entries.count - limit)
        }
    }

    /// The entry before the current one, or nil at the oldest.
    public mutating func older(than current: String) -> String? {
        let next: Int
        if let position {
            guard position > 0 else { return nil }
            next = position - 1
        } else {
            guard !entries.isEmpty else { return nil }
            draft = current
            next = entries.count - 1
        }
        position = next
        return entries[next]
    }

    /// The entry after the current one, the saved draft after the newest,
    /// or nil when not browsing.
    public mutating func newer() -> String? {
        guard let position else { return nil }
        if position + 1 < entries.count {
            self.position = position + 1
            return entries[position + 1]
        }
        self.position = nil
        return draft
    }

    /// Stops browsing, as when the line is edited.
    public mutating func reset() {
        position = nil
    }
}
