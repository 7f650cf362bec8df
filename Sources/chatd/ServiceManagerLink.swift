import ChatServer
import Logging
import ServiceLifecycle
import Systemd

/// Keeps systemd informed while chatd runs: the `STATUS=` line, and the
/// watchdog ping, which is only sent after the event loop has answered, so a
/// wedged loop gets chatd restarted rather than pinged on by a healthy thread.
struct ServiceManagerLink: Service {
    /// How often the status line is refreshed when the watchdog asks for nothing sooner.
    static let statusInterval = Duration.seconds(2)

    let server: ChatServer
    let notifier: ServiceNotifier
    let watchdogTimeout: Duration?
    let logger: Logger

    func run() async throws {
        let interval = watchdogTimeout.map { min($0 / 2, Self.statusInterval) } ?? Self.statusInterval
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    let asked = ContinuousClock.now
                    let status = try await server.status()
                    if let watchdogTimeout, ContinuousClock.now - asked < watchdogTimeout / 2 {
                        notifier.watchdog()
                    }
                    // Sent every time, so it also replaces the one-off texts of
                    // READY=1 and RELOADING=1 whichever came last.
                    notifier.status(status.summary)
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {
            return
        }
    }
}
