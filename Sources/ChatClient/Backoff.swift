/// Pauses between reconnect attempts: doubling from `initial` up to
/// `maximum`, so a restarting server is found quickly and a dead one is
/// not hammered.
public struct Backoff: Sendable {
    public let initial: Int
    public let maximum: Int
    private var next: Int

    /// Delays in seconds.
    public init(initial: Int = 1, maximum: Int = 30) {
        self.initial = max(1, initial)
        self.maximum = max(self.initial, maximum)
        self.next = self.initial
    }

    /// The delay before the next attempt, in seconds.
    public mutating func nextDelay() -> Int {
        defer { next = min(maximum, next * 2) }
        return next
    }

    public mutating func reset() {
        next = initial
    }
}
