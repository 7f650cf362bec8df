import Foundation
import Histogram

/// One measured stretch of a running load, read from the outside: deliveries
/// counted by the receiving clients, latencies from the send time carried in
/// each message, and CPU time from /proc for chatd and getrusage for the generator.
struct LoadWindow {
    let seconds: Double
    let deliveries: Int
    let latency: Histogram<UInt64>
    let lateness: Histogram<UInt64>
    let chatdCPUSeconds: Double
    let generatorCPUSeconds: Double
    /// Every CPU's busy time that was neither chatd's nor the generator's.
    let otherCPUSeconds: Double
    let stealSeconds: Double

    /// Measures the `seconds` from now while the load keeps running.
    static func measure(_ server: ChatdUnderTest, _ generator: LoadGenerator, seconds: Double) async throws -> LoadWindow {
        let chatdBefore = try server.meter.cpuSeconds()
        let ownBefore = ProcessMeter.ownCPUSeconds()
        let machineBefore = try MachineMeter.sample()
        let started = ContinuousClock.now
        let deliveriesBefore = try await generator.beginWindow()
        try await Task.sleep(for: .seconds(seconds))
        let record = try await generator.endWindow()
        let elapsed = (ContinuousClock.now - started).seconds
        let machineAfter = try MachineMeter.sample()
        let chatdCPUSeconds = try server.meter.cpuSeconds() - chatdBefore
        let generatorCPUSeconds = ProcessMeter.ownCPUSeconds() - ownBefore
        return LoadWindow(
            seconds: elapsed,
            deliveries: record.deliveries - deliveriesBefore,
            latency: record.latency,
            lateness: record.lateness,
            chatdCPUSeconds: chatdCPUSeconds,
            generatorCPUSeconds: generatorCPUSeconds,
            otherCPUSeconds: max(0, machineAfter.busySeconds - machineBefore.busySeconds - chatdCPUSeconds - generatorCPUSeconds),
            stealSeconds: machineAfter.stealSeconds - machineBefore.stealSeconds
        )
    }

    var figures: [Figure] {
        let millions = Double(deliveries) / 1e6
        func milliseconds(_ percentile: Double, of histogram: Histogram<UInt64>) -> Double {
            histogram.totalCount == 0 ? .nan : Double(histogram.valueAtPercentile(percentile)) / 1e6
        }
        func milliseconds(_ percentile: Double) -> Double { milliseconds(percentile, of: latency) }
        let generatorLateness = lateness.totalCount == 0 ? [] : [
            Figure("sendLatenessP99Ms", "generator sent late by, p99", milliseconds(99, of: lateness), unit: "ms", decimals: 3),
            Figure("sendLatenessP999Ms", "generator sent late by, p99.9", milliseconds(99.9, of: lateness), unit: "ms", decimals: 3),
        ]
        return [
            Figure("deliveries", "deliveries", deliveries),
            Figure("deliveriesPerSecond", "deliveries per second", Double(deliveries) / seconds),
            Figure("latencyP50Ms", "latency p50", milliseconds(50), unit: "ms", decimals: 3),
            Figure("latencyP99Ms", "latency p99", milliseconds(99), unit: "ms", decimals: 3),
            Figure("latencyP999Ms", "latency p99.9", milliseconds(99.9), unit: "ms", decimals: 3),
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
