import Foundation
import Histogram

/// One measured stretch of a running load, read from the outside: deliveries
/// counted by the receiving clients, latencies from the send time carried in
/// each message, and CPU time from /proc for chatd (each node of a cluster)
/// and getrusage for the generator.
struct LoadWindow {
    let seconds: Double
    let deliveries: Int
    /// Made by each node, to its own users.
    let deliveriesByNode: [Int]
    let latency: Histogram<UInt64>
    /// Of the deliveries whose sender was on another node than the recipient.
    let crossNodeLatency: Histogram<UInt64>
    let lateness: Histogram<UInt64>
    /// Every node's together.
    let chatdCPUSeconds: Double
    let chatdCPUSecondsByNode: [Double]
    let generatorCPUSeconds: Double
    /// Every CPU's busy time that was neither chatd's nor the generator's.
    let otherCPUSeconds: Double
    let stealSeconds: Double

    /// Measures the `seconds` from now while the load keeps running on `servers`, in node order.
    static func measure(_ servers: [ChatdUnderTest], _ generator: LoadGenerator, seconds: Double) async throws -> LoadWindow {
        let chatdBefore = try servers.map { try $0.meter.cpuSeconds() }
        let ownBefore = ProcessMeter.ownCPUSeconds()
        let machineBefore = try MachineMeter.sample()
        let started = ContinuousClock.now
        let deliveriesBefore = try await generator.beginWindow()
        try await Task.sleep(for: .seconds(seconds))
        let record = try await generator.endWindow()
        let elapsed = (ContinuousClock.now - started).seconds
        let machineAfter = try MachineMeter.sample()
        let chatdCPUSecondsByNode = try zip(servers, chatdBefore).map { try $0.meter.cpuSeconds() - $1 }
        let chatdCPUSeconds = chatdCPUSecondsByNode.reduce(0, +)
        let generatorCPUSeconds = ProcessMeter.ownCPUSeconds() - ownBefore
        return LoadWindow(
            seconds: elapsed,
            deliveries: record.deliveries - deliveriesBefore,
            deliveriesByNode: record.deliveriesByNode,
            latency: record.latency,
            crossNodeLatency: record.crossNodeLatency,
            lateness: record.lateness,
            chatdCPUSeconds: chatdCPUSeconds,
            chatdCPUSecondsByNode: chatdCPUSecondsByNode,
            generatorCPUSeconds: generatorCPUSeconds,
            otherCPUSeconds: max(0, machineAfter.busySeconds - machineBefore.busySeconds - chatdCPUSeconds - generatorCPUSeconds),
            stealSeconds: machineAfter.stealSeconds - machineBefore.stealSeconds
        )
    }

    /// A percentile in milliseconds (100: the largest recorded); not a number when nothing was recorded.
    private static func milliseconds(_ percentile: Double, of histogram: Histogram<UInt64>) -> Double {
        histogram.totalCount == 0 ? .nan : Double(histogram.valueAtPercentile(percentile)) / 1e6
    }

    var figures: [Figure] {
        let millions = Double(deliveries) / 1e6
        func milliseconds(_ percentile: Double) -> Double { Self.milliseconds(percentile, of: latency) }
        let generatorLateness = lateness.totalCount == 0 ? [] : [
            Figure("sendLatenessP99Ms", "generator sent late by, p99", Self.milliseconds(99, of: lateness), unit: "ms", decimals: 3),
            Figure("sendLatenessP999Ms", "generator sent late by, p99.9", Self.milliseconds(99.9, of: lateness), unit: "ms", decimals: 3),
        ]
        return [
            Figure("deliveries", "deliveries", deliveries),
            Figure("deliveriesPerSecond", "deliveries per second", Double(deliveries) / seconds),
            Figure("latencyP50Ms", "latency p50", milliseconds(50), unit: "ms", decimals: 3),
            Figure("latencyP99Ms", "latency p99", milliseconds(99), unit: "ms", decimals: 3),
            Figure("latencyP999Ms", "latency p99.9", milliseconds(99.9), unit: "ms", decimals: 3),
            Figure("latencyMaxMs", "latency max", milliseconds(100), unit: "ms", decimals: 3),
        ] + generatorLateness + [
            Figure("chatdCPUSeconds", "chatd CPU", chatdCPUSeconds, unit: "s", decimals: 2),
            Figure("chatdCPUPercentOfCore", "chatd CPU, share of one core", 100 * chatdCPUSeconds / seconds, unit: "%", decimals: 0),
            Figure("chatdCPUSecondsPerMillion", "chatd CPU per million deliveries", chatdCPUSeconds / millions, unit: "s", decimals: 3),
            Figure("generatorCPUSeconds", "generator CPU", generatorCPUSeconds, unit: "s", decimals: 2),
            Figure("generatorCPUSecondsPerMillion", "generator CPU per million deliveries", generatorCPUSeconds / millions, unit: "s", decimals: 3),
            Figure("otherCPUSeconds", "CPU used by everything else", otherCPUSeconds, unit: "s", decimals: 2),
            Figure("stealSeconds", "CPU taken by the hypervisor (steal)", stealSeconds, unit: "s", decimals: 2),
        ]
    }
}

extension LoadWindow {
    /// Cluster runs: the deliveries that crossed nodes, and how long they took.
    var crossNodeFigures: [Figure] {
        func milliseconds(_ percentile: Double) -> Double { Self.milliseconds(percentile, of: crossNodeLatency) }
        return [
            Figure("crossNodeDeliveries", "deliveries crossing nodes", Int(crossNodeLatency.totalCount)),
            Figure("crossNodeDeliveriesPerSecond", "deliveries crossing nodes per second", Double(crossNodeLatency.totalCount) / seconds),
            Figure("crossNodeLatencyP50Ms", "crossing nodes: latency p50", milliseconds(50), unit: "ms", decimals: 3),
            Figure("crossNodeLatencyP99Ms", "crossing nodes: latency p99", milliseconds(99), unit: "ms", decimals: 3),
            Figure("crossNodeLatencyP999Ms", "crossing nodes: latency p99.9", milliseconds(99.9), unit: "ms", decimals: 3),
            Figure("crossNodeLatencyMaxMs", "crossing nodes: latency max", milliseconds(100), unit: "ms", decimals: 3),
        ]
    }

    /// Each node's CPU against the deliveries it made (to its own users,
    /// whichever node the sender was on), so that nodes compare with each
    /// other and with a single chatd.
    var nodeFigures: [Figure] {
        zip(chatdCPUSecondsByNode, deliveriesByNode).enumerated().flatMap { index, node in
            let (cpuSeconds, deliveries) = node
            let name = "n\(index + 1)"
            return [
                Figure("\(name)Deliveries", "node \(name): deliveries it made", deliveries),
                Figure("\(name)CPUSeconds", "node \(name): CPU", cpuSeconds, unit: "s", decimals: 2),
                Figure(
                    "\(name)CPUSecondsPerMillion", "node \(name): CPU per million of its deliveries",
                    cpuSeconds / (Double(deliveries) / 1e6), unit: "s", decimals: 3
                ),
            ]
        }
    }
}
