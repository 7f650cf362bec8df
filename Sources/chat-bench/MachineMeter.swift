import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The whole machine's CPU time from /proc/stat, summed over every CPU: what
/// else ran during a measurement, and what the hypervisor took (steal), which
/// is what a shared machine's latency tail is usually made of.
struct MachineMeter: Sendable {
    struct Sample: Sendable {
        /// user + nice + system + irq + softirq, in seconds.
        var busySeconds: Double
        var stealSeconds: Double
    }

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    static func sample() throws(BenchError) -> Sample {
        let stat: String
        do {
            stat = try String(contentsOfFile: "/proc/stat", encoding: .utf8)
        } catch {
            throw BenchError("cannot read /proc/stat: \(error.localizedDescription)")
        }
        guard let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else {
            throw BenchError("/proc/stat has no cpu line")
        }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 8 else { throw BenchError("/proc/stat: cpu line too short: \(line)") }
        // user nice system idle iowait irq softirq steal ...
        let busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]
        return Sample(busySeconds: busy / ticksPerSecond, stealSeconds: ticks[7] / ticksPerSecond)
    }
}
