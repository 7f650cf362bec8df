import ChatCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// chatd's network side as a swift-service-lifecycle service: it serves chat
/// on one event loop until graceful shutdown, then says goodbye to everyone,
/// lets their queued output drain for a bounded time, and returns.
public final class ChatServer: Service, Sendable {
    /// How long queued output may drain at shutdown before connections are cut.
    public static let shutdownGrace = TimeAmount.seconds(3)

    /// Where the chat listener comes from.
    public enum ChatListener: Sendable {
        /// A listening socket passed in by the service manager.
        case inherited(CInt)
        case bind(ListenAddress)
    }

    /// Called on the event loop when serving starts and when shutdown begins.
    public struct Hooks: Sendable {
        public var ready: @Sendable (_ listening: String) -> Void
        public var stopping: @Sendable () -> Void

        public init(ready: @escaping @Sendable (String) -> Void = { _ in }, stopping: @escaping @Sendable () -> Void = {}) {
            self.ready = ready
            self.stopping = stopping
        }
    }

    private let listener: ChatListener
    private let adminListener: AdminListener?
    private let hooks: Hooks
    private let logger: Logger
    /// The settings chatd started with; the hub's own copy follows reloads.
    private let initialSettings: ServerSettings
    /// One thread: all chat state lives on it (see `ChatHub`).
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let eventLoop: any EventLoop
    private let hub: NIOLoopBoundBox<ChatHub>

    /// `adminListener` nil: no admin socket (chatd found no place for one).
    public init(settings: ServerSettings, listener: ChatListener, adminListener: AdminListener?, logger: Logger, hooks: Hooks = Hooks()) {
        self.listener = listener
        self.adminListener = adminListener
        self.hooks = hooks
        self.logger = logger
        self.initialSettings = settings
        let eventLoop = group.next()
        self.eventLoop = eventLoop
        self.hub = NIOLoopBoundBox.makeBoxSendingValue(
            ChatHub(settings: settings, eventLoop: eventLoop, logger: logger), eventLoop: eventLoop
        )
    }

    public func run() async throws {
        do {
            try await serve()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }

    private func serve() async throws {
        let hub = self.hub
        let eventLoop = self.eventLoop
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            // Each client keeps one receive buffer of the current size while idle;
            // start small (NIO's default is 2 KiB) and let busy readers grow it.
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 256, maximum: 65536))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ClientConnectionHandler(hub: hub.value))
                }
            }
        // The admin socket first: a live chatd there means this one must not start.
        let admin = try await startAdmin()
        let serverChannel: any Channel
        do {
            switch listener {
            case .inherited(let descriptor):
                let backlog = ListenBacklog.current(of: descriptor)
                serverChannel = try await bootstrap.withBoundSocket(descriptor).get()
                if let backlog { ListenBacklog.restore(backlog, on: descriptor) }
            case .bind(let address):
                serverChannel = try await bootstrap.bind(host: address.host, port: address.port).get()
            }
        } catch {
            admin?.close()
            await admin?.remove()
            throw error
        }
        let listening = serverChannel.localAddress.map(Self.describe) ?? "an inherited socket"
        logger.info(
            "chatd serving",
            metadata: ["listen": "\(listening)", "admin": "\(admin?.description ?? "none")"] + JournalEvent.started.metadata
        )
        hooks.ready(listening)

        let drained = eventLoop.makePromise(of: Void.self)
        let hooks = self.hooks
        await withGracefulShutdownHandler {
            try? await drained.futureResult.get()
        } onGracefulShutdown: {
            eventLoop.execute {
                hooks.stopping()
                serverChannel.close(promise: nil)
                admin?.close()
                hub.value.beginShutdown(grace: Self.shutdownGrace).cascade(to: drained)
            }
        }
        await admin?.remove()
        logger.info("chatd stopped", metadata: JournalEvent.stopped.metadata)
    }

    private func startAdmin() async throws -> AdminEndpoint? {
        guard let adminListener else { return nil }
        let policy = AdminAccessPolicy(groupName: initialSettings.adminGroup)
        if policy.groupID == nil {
            logger.notice(
                "admin group does not exist: only root and chatd's own user may use the admin socket",
                metadata: ["group": "\(policy.groupName)"]
            )
        }
        return try await AdminEndpoint.start(adminListener, hub: hub, on: eventLoop, policy: policy)
    }

    /// Applies new limits; returns the settings that only a restart can change.
    public func reload(_ settings: ServerSettings) async throws -> [SettingKey] {
        let hub = self.hub
        let logger = self.logger
        return try await eventLoop.submit {
            let needRestart = settings.restartRequiredChanges(comparedTo: hub.value.settings)
            hub.value.apply(settings)
            logger.info("configuration reloaded", metadata: JournalEvent.reloaded.metadata)
            return needRestart
        }.get()
    }

    /// Answers only if the event loop is responsive: the watchdog's proof of life.
    public func status() async throws -> ServerStatus {
        let hub = self.hub
        return try await eventLoop.submit {
            let report = hub.value.statisticsReport
            return ServerStatus(
                usersOnline: report.usersOnline,
                usersPeak: report.usersPeak,
                connections: report.connectionsOpen,
                messagesRelayed: report.messagesRelayed
            )
        }.get()
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}
