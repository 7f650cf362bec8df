import Foundation
import Histogram

/// One measured stretch of a running load, read from the outside: deliveries
/// counted by the receiving clients, latencies from the send time carried in
/// each message, and CPU time from /proc for chatd and getrusage for the generator.
struct LoadWindow {
    let seconds: Double
    let deliveries: Int
    let latency: Histogram<UInt64>
    let chatdCPUSeconds: Double
    let generatorCPUSeconds: Double

    /// Measures the `seconds` from now while the load keeps running.
    static func measure(_ server: ChatdUnderTest, _ generator: LoadGenerator, seconds: Double) async throws -> LoadWindow {
        let chatdBefore = try server.meter.cpuSeconds()
        let ownBefore = ProcessMeter.ownCPUSeconds()
        let started = ContinuousClock.now
        let deliveriesBefore = try await generator.beginWindow()
        try await Task.sleep(for: .seconds(seconds))
        let (deliveriesAfter, latency) = try await generator.endWindow()
        let elapsed = (ContinuousClock.now - started).seconds
        return LoadWindow(
            seconds: elapsed,
            deliveries: deliveriesAfter - deliveriesBefore,
            latency: latency,
            chatdCPUSeconds: try server.meter.cpuSeconds() - chatdBefore,
            generatorCPUSeconds: ProcessMeter.ownCPUSeconds() - ownBefore
        )
    }

    var figures: [Figure] {
        let millions = Double(deliveries) / 1e6
        func milliseconds(_ percentile: Double) -> Double {
            latency.totalCount == 0 ? .nan : Double(latency.valueAtPercentile(percentile)) / 1e6
        }
        return [
            Figure("deliveries", "deliveries", deliveries),
            Figure("deliveriesPerSecond", "deliveries per second", Double(deliveries) / seconds),
            Figure("latencyP50Ms", "latency p50", milliseconds(50), unit: "ms", decimals: 3),
            Figure("latencyP99Ms", "latency p99", milliseconds(99), unit: "ms", decimals: 3),
            Figure("latencyP999Ms", "latency p99.9", milliseconds(99.9), unit: "ms", decimals: 3),
            Figure("chatdCPUSeconds", "chatd CPU", chatdCPUSeconds, unit: "s", decimals: 2),
            Figure("chatdCPUPercentOfCore", "chatd CPU, share of one core", 100 * chatdCPUSeconds / seconds, unit: "%", decimals: 0),
            Figure("chatdCPUSecondsPerMillion", "chatd CPU per million deliveries", chatdCPUSeconds / millions, unit: "s", decimals: 3),
            Figure("generatorCPUSeconds", "generator CPU", generatorCPUSeconds, unit: "s", decimals: 2),
            Figure("generatorCPUSecondsPerMillion", "generator CPU per million deliveries", generatorCPUSeconds / millions, unit: "s", decimals: 3),
        ]
    }
}
