import Histogram

/// What the clients counted by the end of a measured window: deliveries so
/// far, the window's deliveries by the node that made them, and the window's
/// latencies (all, and of deliveries that crossed nodes) and send lateness,
/// in nanoseconds.
struct WindowRecord: Sendable {
    var deliveries: Int
    var deliveriesByNode: [Int]
    var latency: Histogram<UInt64>
    var crossNodeLatency: Histogram<UInt64>
    var lateness: Histogram<UInt64>

    static var empty: WindowRecord {
        WindowRecord(
            deliveries: 0, deliveriesByNode: [], latency: LoadShard.emptyHistogram,
            crossNodeLatency: LoadShard.emptyHistogram, lateness: LoadShard.emptyHistogram
        )
    }

    mutating func add(_ other: WindowRecord) {
        deliveries += other.deliveries
        if deliveriesByNode.isEmpty {
            deliveriesByNode = other.deliveriesByNode
        } else {
            for (node, count) in other.deliveriesByNode.enumerated() { deliveriesByNode[node] += count }
        }
        latency.add(other.latency)
        crossNodeLatency.add(other.crossNodeLatency)
        lateness.add(other.lateness)
    }
}
