import CSystemd
import Glibc

/// Tells the service manager about chatd's state (sd_notify(3)).
///
/// Every method is a cheap no-op outside systemd (NOTIFY_SOCKET unset).
/// Send failures are ignored, as sd_notify(3) recommends: a notification
/// that did not arrive must never take the service down.
public struct ServiceNotifier: Sendable {
    /// Whether NOTIFY_SOCKET was set when this notifier was made.
    public let isActive: Bool

    public init() {
        isActive = getenv("NOTIFY_SOCKET") != nil
    }

    /// Start-up (or a reload) finished.
    public func ready(status: String) {
        notify("READY=1\n" + Self.statusAssignment(status))
    }

    public func status(_ text: String) {
        notify(Self.statusAssignment(text))
    }

    /// A configuration reload began; MONOTONIC_USEC lets Type=notify-reload
    /// match this message to the reload it asked for.
    public func reloading(status: String) {
        notify("RELOADING=1\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())\n" + Self.statusAssignment(status))
    }

    /// Graceful shutdown began.
    public func stopping(status: String) {
        notify("STOPPING=1\n" + Self.statusAssignment(status))
    }

    /// The keep-alive ping for WatchdogSec=.
    public func watchdog() {
        notify("WATCHDOG=1")
    }

    /// The full watchdog timeout (WATCHDOG_USEC) when the service manager expects
    /// pings from this process, nil otherwise (also when the variables are malformed,
    /// which systemd never produces). Ping at half of it, as sd_watchdog_enabled(3) advises.
    public static func watchdogTimeout() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0 else { return nil }
        return .microseconds(microseconds)
    }

    private func notify(_ state: @autoclosure () -> String) {
        guard isActive else { return }
        _ = sd_notify(0, state())
    }

    /// STATUS= is a single line; a newline inside it would start a new assignment.
    private static func statusAssignment(_ text: String) -> String {
        "STATUS=" + String(text.map { $0.isNewline ? " " : $0 })
    }

    private static func monotonicMicroseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1_000
    }
}
