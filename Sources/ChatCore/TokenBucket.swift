/// Per-client flood control. Time is passed in (monotonic nanoseconds) so the
/// bucket is deterministic under test; the caller decides what "slowed" means
/// (chatd stops reading the socket until `nanosecondsUntilNextToken`).
public struct TokenBucket: Sendable, Equatable {
    /// Tokens per second; 0 means unlimited.
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var lastRefill: UInt64

    public init(rate: Int, burst: Int, now: UInt64) {
        self.rate = Double(max(rate, 0))
        self.burst = Double(max(burst, 1))
        self.tokens = self.burst
        self.lastRefill = now
    }

    public var isUnlimited: Bool { rate == 0 }

    /// Takes one token if there is one.
    public mutating func take(now: UInt64) -> Bool {
        if isUnlimited { return true }
        refill(now: now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// How long until `take` can succeed; 0 if it can now.
    public mutating func nanosecondsUntilNextToken(now: UInt64) -> UInt64 {
        if isUnlimited { return 0 }
        refill(now: now)
        guard tokens < 1 else { return 0 }
        return UInt64(((1 - tokens) / rate * 1e9).rounded(.up))
    }

    private mutating func refill(now: UInt64) {
        guard now > lastRefill else { return }
        let elapsed = Double(now - lastRefill) / 1e9
        tokens = min(burst, tokens + elapsed * rate)
        lastRefill = now
    }
}
