import Histogram

/// What the clients counted by the end of a measured window: deliveries so
/// far, and the window's latencies and send lateness, in nanoseconds.
struct WindowRecord: Sendable {
    var deliveries: Int
    var latency: Histogram<UInt64>
    var lateness: Histogram<UInt64>

    static var empty: WindowRecord {
        WindowRecord(deliveries: 0, latency: LoadShard.emptyHistogram, lateness: LoadShard.emptyHistogram)
    }

    mutating func add(_ other: WindowRecord) {
        deliveries += other.deliveries
        latency.add(other.latency)
        lateness.add(other.lateness)
    }
}
