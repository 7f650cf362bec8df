import NIOCore

/// At most one log line per interval for an event anyone on the network can
/// cause at will (a scanner's failed TLS handshakes), with the count of those
/// left out, so the journal keeps the trend without the flood.
struct LogThrottle {
    let interval: TimeAmount
    private var nextLine: NIODeadline = .uptimeNanoseconds(0)
    private var suppressed = 0

    init(interval: TimeAmount) {
        self.interval = interval
    }

    /// nil: leave this one out; otherwise log it, with how many were left out since the last line.
    mutating func admit(now: NIODeadline) -> Int? {
        guard now >= nextLine else {
            suppressed += 1
            return nil
        }
        nextLine = now + interval
        defer { suppressed = 0 }
        return suppressed
    }
}
