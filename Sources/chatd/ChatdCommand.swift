import AdminProtocol
import ArgumentParser
import ChatCore
import ChatServer
import Logging
import ServiceLifecycle
import Systemd

import Foundation

@main
struct ChatdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatd",
        abstract: "A small chat server: one line per message, aliases, direct and broadcast messages.",
        discussion: "Every option can also be set in the config file (see chatd.conf(5)); options given here win.",
        version: "chatd 0.1.0"
    )

    /// sd_listen_fds_with_names unsets LISTEN_* with setenv(3), which is only
    /// safe while chatd has a single thread: take the sockets before anything else.
    static func main() async {
        _ = InheritedSockets.fromServiceManager
        // Until the service group takes them over, no signal may have its default
        // action (terminate): a reload before serving is moot, as the settings are
        // about to be read, and a stop needs no cleanup yet, so it is a clean exit.
        signal(SIGHUP, SIG_IGN)
        signal(SIGTERM) { _ in _exit(0) }
        signal(SIGINT) { _ in _exit(0) }
        // A restart before serving: what systemd keeps stays kept for the next chatd.
        signal(RestartSignalWatcher.signal.rawValue) { _ in _exit(0) }
        let asyncMain: ([String]?) async -> Void = main
        await asyncMain(CommandLine.arguments.dropFirst().flatMap(Self.splittingEmptyValue))
    }

    /// `--limit-exempt=` means an empty value (exempt none), as in the config
    /// file; ArgumentParser would call it missing, so it is passed on as
    /// `--limit-exempt ""`.
    static func splittingEmptyValue(_ argument: String) -> [String] {
        guard argument.hasPrefix("--"), argument.hasSuffix("="), argument.count > 3,
              argument.firstIndex(of: "=") == argument.index(before: argument.endIndex)
        else { return [argument] }
        return [String(argument.dropLast()), ""]
    }

    @Option(name: .customLong("config"), help: "Config file (default /etc/chatd/chatd.conf when it exists).")
    var configPath: String?

    @OptionGroup var options: SettingOptions

    func run() async throws {
        let source = SettingsSource(
            configPath: configPath, flags: options.given,
            credentialsDirectory: ProcessInfo.processInfo.environment["CREDENTIALS_DIRECTORY"]
        )
        let settings: ServerSettings
        do {
            settings = try source.load()
        } catch {
            FileHandleOutput.standardError("chatd: \(error.description)")
            throw ExitCode(78)  // EX_CONFIG
        }
        let logLevel = LogLevelControl(Logger.Level(rawValue: settings.logLevel) ?? .info)
        let logTarget = (LogTarget(rawValue: settings.logTarget) ?? .auto).resolved()
        LoggingSystem.bootstrap { label in
            switch logTarget {
            case .journal:
                return ControlledLogHandler(wrapped: JournalLogHandler(label: label), control: logLevel)
            case .auto, .stderr:
                return ControlledLogHandler(wrapped: LogfmtLogHandler(label: label), control: logLevel)
            }
        }
        let logger = Logger(label: "chatd")

        let passed: [ListenedSocket]
        do {
            passed = try InheritedSockets.fromServiceManager.get()
        } catch {
            logger.critical("\(error.description)")
            throw ExitCode.failure
        }
        let store = FileDescriptorStore.fromEnvironment()
        let inherited: InheritedSockets
        do {
            inherited = try InheritedSockets(passed, store: store, logger: logger)
        } catch {
            logger.critical("\(error.description)")
            throw ExitCode(78)  // EX_CONFIG: the unit says something else than chatd needs
        }
        let listeners: ChatListeners
        do {
            listeners = try ChatListeners(inherited: inherited, settings: settings, logger: logger)
        } catch {
            logger.critical("\(error.description)")
            throw ExitCode(78)  // EX_CONFIG
        }
        let cluster: ClusterConfiguration?
        do {
            let environment = ProcessInfo.processInfo.environment
            cluster = try ClusterConfiguration(
                settings: settings, hostName: ProcessInfo.processInfo.hostName.prefix { $0 != "." }.description,
                credentialsDirectory: environment["CREDENTIALS_DIRECTORY"], passwordFile: environment["PGPASSFILE"],
                user: environment["PGUSER"] ?? environment["USER"] ?? "chatd"
            )
        } catch {
            logger.critical("\(error.description)")
            throw ExitCode(78)  // EX_CONFIG
        }
        if let cluster { logger.info("joining a cluster", metadata: ["cluster": "\(cluster.summary)"]) }
        let openFiles = FileDescriptorLimit.raiseToHardLimit()
        if settings.maxClients > 0, openFiles < UInt64(settings.maxClients) + 64 {
            logger.warning(
                "the open-file limit is below max-clients; raise LimitNOFILE= or ulimit -n",
                metadata: ["open-files": "\(openFiles)", "max-clients": "\(settings.maxClients)"]
            )
        }

        let notifier = ServiceNotifier()
        let hooks = ChatServer.Hooks(
            ready: { listening in notifier.ready(status: "serving on \(listening)") },
            stopping: { handingOver in
                notifier.stopping(
                    status: handingOver ? "restarting, handing connections over" : "shutting down, saying goodbye to every client"
                )
            }
        )
        // A socket systemd passed is used as is; otherwise chatd makes its own.
        let adminListener: ChatServer.AdminListener?
        if let descriptor = inherited.admin {
            adminListener = .inherited(descriptor)
        } else if let path = settings.adminSocket
            ?? AdminSocketLocation.serverDefault(environment: ProcessInfo.processInfo.environment, isRoot: geteuid() == 0) {
            adminListener = .path(path)
        } else {
            adminListener = nil
            logger.warning("no admin socket: not root and XDG_RUNTIME_DIR is unset; pass --admin-socket PATH to have one")
        }
        let server = ChatServer(
            settings: settings,
            plain: listeners.plain,
            tls: listeners.tls,
            web: listeners.web,
            adminListener: adminListener,
            logger: logger,
            hooks: hooks,
            // Only plain connections can be kept: no listener for them, nothing to keep.
            keeper: listeners.plain == nil ? nil : store.map { SystemdConnectionKeeper(store: $0) },
            inheritance: inherited.inheritance,
            cluster: cluster
        )
        let reloader = ConfigurationReloader(
            source: source, server: server, logLevel: logLevel, logger: logger,
            willReload: { notifier.reloading(status: "reloading the configuration") },
            didReload: { notifier.ready(status: "configuration reloaded") }
        )
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: server, successTerminationBehavior: .gracefullyShutdownGroup),
            .init(service: reloader),
            .init(service: RestartSignalWatcher(server: server), successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if notifier.isActive {
            let link = ServiceManagerLink(
                server: server, notifier: notifier,
                watchdogTimeout: ServiceNotifier.watchdogTimeout(), logger: logger
            )
            services.append(.init(service: link))
        }
        let group = ServiceGroup(
            configuration: .init(
                services: services,
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
