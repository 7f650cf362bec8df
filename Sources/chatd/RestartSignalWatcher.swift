import ChatServer
import ServiceLifecycle
import UnixSignals

/// The unit's `RestartKillSignal=SIGUSR2`: systemd restarts chatd, so the
/// shutdown that follows hands every connection it can to the next chatd
/// instead of saying goodbye. SIGTERM stays a stop.
struct RestartSignalWatcher: Service {
    static let signal = UnixSignal.sigusr2
    let server: ChatServer

    func run() async throws {
        let restarts = await UnixSignalsSequence(trapping: Self.signal)
        for await _ in restarts.cancelOnGracefulShutdown() {
            server.requestHandOver()
            // Returning ends the service group gracefully (see ChatdCommand).
            return
        }
    }
}
