import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A process's CPU time and memory as the kernel accounts them, read from
/// /proc: the figures hold whatever the server does inside.
struct ProcessMeter: Sendable {
    /// Resident memory in KiB: now, and the peak so far (VmHWM).
    struct Memory: Sendable {
        var residentKiB: Int
        var peakKiB: Int
    }

    let pid: pid_t

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// User plus system CPU seconds of every thread so far (utime + stime in /proc/PID/stat).
    func cpuSeconds() throws(BenchError) -> Double {
        let stat = try Self.read("/proc/\(pid)/stat")
        // The command name (field 2) may hold spaces; the fields after it are plain numbers.
        guard let nameEnd = stat.lastIndex(of: ")") else { throw BenchError("/proc/\(pid)/stat: no command name") }
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        // fields[0] is field 3 (state), so utime (field 14) and stime (15) are at 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
            throw BenchError("/proc/\(pid)/stat: cannot read utime and stime")
        }
        return (user + system) / Self.ticksPerSecond
    }

    func memory() throws(BenchError) -> Memory {
        let status = try Self.read("/proc/\(pid)/status")
        func kibibytes(_ key: String) throws(BenchError) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
                  let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { throw BenchError("/proc/\(pid)/status: no \(key)") }
            return value
        }
        return Memory(residentKiB: try kibibytes("VmRSS"), peakKiB: try kibibytes("VmHWM"))
    }

    /// The benchmark's own user plus system CPU seconds so far.
    static func ownCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    private static func read(_ path: String) throws(BenchError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw BenchError("cannot read \(path) (has the process exited?): \(error.localizedDescription)")
        }
    }
}
