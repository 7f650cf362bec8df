import ChatCore
import ChatServer
import Logging
import ServiceLifecycle
import UnixSignals

/// Re-reads the settings on SIGHUP and applies what can change live. A bad
/// file is reported and ignored: the running configuration stays.
struct ConfigurationReloader: Service {
    let source: SettingsSource
    let server: ChatServer
    let logLevel: LogLevelControl
    let logger: Logger
    let willReload: @Sendable () -> Void
    let didReload: @Sendable () -> Void

    func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        for await _ in hangups.cancelOnGracefulShutdown() {
            willReload()
            do {
                let settings = try source.load()
                let needRestart = try await server.reload(settings)
                logLevel.level = Logger.Level(rawValue: settings.logLevel) ?? logLevel.level
                if !needRestart.isEmpty {
                    logger.warning(
                        "changed settings need a restart to take effect",
                        metadata: ["settings": "\(needRestart.map(\.rawValue).joined(separator: ","))"]
                    )
                }
            } catch let error as SettingsError {
                logger.error("reload failed, keeping the running configuration: \(error.description)")
            } catch {
                logger.error("reload failed: \(error)")
            }
            didReload()
        }
    }
}
