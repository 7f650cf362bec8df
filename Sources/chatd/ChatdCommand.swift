import ArgumentParser
import ChatCore
import ChatServer
import Logging
import ServiceLifecycle

import Foundation

@main
struct ChatdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatd",
        abstract: "A small chat server: one line per message, aliases, direct and broadcast messages.",
        discussion: "Every option can also be set in the config file (see chatd.conf(5)); options given here win.",
        version: "chatd 0.1.0"
    )

    @Option(name: .customLong("config"), help: "Config file (default /etc/chatd/chatd.conf when it exists).")
    var configPath: String?

    @OptionGroup var options: SettingOptions

    func run() async throws {
        let source = SettingsSource(configPath: configPath, flags: options.given)
        let settings: ServerSettings
        do {
            settings = try source.load()
        } catch {
            FileHandleOutput.standardError("chatd: \(error.description)")
            throw ExitCode(78)  // EX_CONFIG
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: settings.logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "chatd")
        let server = ChatServer(settings: settings, listener: .bind(settings.listen), logger: logger)
        let reloader = ConfigurationReloader(
            source: source, server: server, logger: logger, willReload: {}, didReload: {}
        )
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
                    .init(service: reloader),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        do {
            try await group.run()
        } catch {
            FileHandleOutput.standardError("chatd: \(error)")
            throw ExitCode.failure
        }
    }
}

enum FileHandleOutput {
    static func standardError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
