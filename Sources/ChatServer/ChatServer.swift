import AdminProtocol
import ChatCore
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Synchronization

/// chatd's network side as a swift-service-lifecycle service: it serves chat
/// on one event loop until graceful shutdown, then says goodbye to everyone,
/// lets their queued output drain for a bounded time, and returns.
public final class ChatServer: Service, Sendable {
    /// How long queued output may drain at shutdown before connections are cut.
    public static let shutdownGrace = TimeAmount.seconds(3)
    /// Each client keeps one receive buffer of the current size while idle;
    /// start small (NIO's default is 2 KiB) and let busy readers grow it.
    static let clientReceiveAllocator = ClientReceiveAllocator()

    /// Where the chat listener comes from.
    public enum ChatListener: Sendable {
        /// A listening socket passed in by the service manager.
        case inherited(CInt)
        case bind(ListenAddress)
    }

    /// Chat over TLS: where, and with which certificate.
    public struct TLSListener: Sendable {
        public var listener: ChatListener
        public var certificates: TLSCertificates

        public init(_ listener: ChatListener, certificates: TLSCertificates) {
            self.listener = listener
            self.certificates = certificates
        }
    }

    /// Called on the event loop when serving starts and when shutdown begins.
    public struct Hooks: Sendable {
        public var ready: @Sendable (_ listening: String) -> Void
        public var stopping: @Sendable (_ handingOver: Bool) -> Void

        public init(ready: @escaping @Sendable (String) -> Void = { _ in }, stopping: @escaping @Sendable (Bool) -> Void = { _ in }) {
            self.ready = ready
            self.stopping = stopping
        }
    }

    private let plainListener: ChatListener?
    private let tlsListener: TLSListener?
    private let webListener: ChatListener?
    private let adminListener: AdminListener?
    private let hooks: Hooks
    private let logger: Logger
    /// The settings chatd started with; the hub's own copy follows reloads.
    private let initialSettings: ServerSettings
    /// One thread: all chat state lives on it (see `ChatHub`).
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let eventLoop: any EventLoop
    private let hub: NIOLoopBoundBox<ChatHub>
    private let keeper: (any ConnectionKeeper)?
    private let inheritance: Inheritance
    /// Set by `requestHandOver`: the coming shutdown hands connections over.
    private let handOverRequested = Atomic(false)
    /// nil: a node of its own.
    private let clusterLink: ClusterLink?

    /// At least one of `plain` and `tls`; `adminListener` nil: no admin socket
    /// (chatd found no place for one). With a `keeper`, plain connections are
    /// kept there while they are open, and a restart keeps them.
    public init(
        settings: ServerSettings, plain: ChatListener?, tls: TLSListener?, web: ChatListener? = nil, adminListener: AdminListener?,
        logger: Logger, hooks: Hooks = Hooks(), keeper: (any ConnectionKeeper)? = nil, inheritance: Inheritance = Inheritance(),
        cluster: ClusterConfiguration? = nil
    ) {
        self.keeper = keeper
        self.inheritance = inheritance
        self.plainListener = plain
        self.tlsListener = tls
        self.webListener = web
        self.adminListener = adminListener
        self.hooks = hooks
        self.logger = logger
        self.initialSettings = settings
        let eventLoop = group.next()
        self.eventLoop = eventLoop
        let hub = NIOLoopBoundBox.makeBoxSendingValue(
            ChatHub(settings: settings, eventLoop: eventLoop, logger: logger), eventLoop: eventLoop
        )
        self.hub = hub
        clusterLink = cluster.map {
            ClusterLink(
                nodeName: $0.nodeName, clusterName: $0.clusterName, endpoint: $0.endpoint, password: $0.password,
                hub: hub, eventLoop: eventLoop, logger: logger
            )
        }
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
        let eventLoop = self.eventLoop
        // The admin socket first: a live chatd there means this one must not start.
        let admin = try await startAdmin()
        // Before anyone new connects, so that the numbers and aliases kept are still free.
        await ConnectionRestorer(hub: hub, eventLoop: eventLoop, keeper: keeper, logger: logger).restore(inheritance)
        let clusterTask = await joinCluster()
        let listening: [(channel: any Channel, transport: Transport)]
        do {
            listening = try await bindListeners()
        } catch {
            admin?.close()
            await admin?.remove()
            await leaveCluster(clusterTask, leaving: true)
            throw error
        }
        var addresses: Logger.Metadata = ["admin": "\(admin?.description ?? "none")"]
        var shown: [String] = []
        for (channel, transport) in listening {
            let address = channel.localAddress.map(Self.describe) ?? "an inherited socket"
            switch transport {
            case .tcp:
                addresses["listen"] = "\(address)"
                shown.append(address)
            case .tls:
                addresses["listen-tls"] = "\(address)"
                shown.append("TLS \(address)")
            case .web:
                addresses["listen-web"] = "\(address)"
                shown.append("web \(address)")
            }
        }
        logger.info("chatd serving", metadata: addresses + JournalEvent.started.metadata)
        hooks.ready(shown.joined(separator: " and "))
        let expiryCheck = tlsListener.map { tls in
            eventLoop.scheduleRepeatedTask(initialDelay: .hours(24), delay: .hours(24)) { _ in
                tls.certificates.warnIfExpiring()
            }
        }

        // nil: a plain shutdown; otherwise what the next chatd needs.
        let drained = eventLoop.makePromise(of: HandOver?.self)
        let hooks = self.hooks
        let hub = self.hub
        await withGracefulShutdownHandler {
            _ = try? await drained.futureResult.get()
        } onGracefulShutdown: { [self] in
            let handingOver = keeper != nil && handOverRequested.load(ordering: .relaxed)
            eventLoop.execute {
                hooks.stopping(handingOver)
                expiryCheck?.cancel()
                for (channel, _) in listening { channel.close(promise: nil) }
                admin?.close()
                if handingOver {
                    hub.value.beginHandOver(deadline: Self.shutdownGrace).map { Optional($0) }.cascade(to: drained)
                } else {
                    hub.value.beginShutdown(grace: Self.shutdownGrace).map { nil }.cascade(to: drained)
                }
            }
        }
        let handOver = try? await drained.futureResult.get()
        await leaveCluster(clusterTask, leaving: handOver == nil)
        if let handOver, let keeper {
            do {
                try await keeper.keepFinally(handOver.encoded, as: HandOver.name)
                logger.info(
                    "connections handed over to the next chatd",
                    metadata: ["lines-carried": "\(handOver.inputs.count)"] + JournalEvent.handedOver.metadata
                )
            } catch {
                logger.error("could not keep the hand-over: lines half-read are lost", metadata: ["error": "\(error)"])
            }
        }
        await admin?.remove()
        logger.info("chatd stopped", metadata: JournalEvent.stopped.metadata)
    }

    /// Starts the cluster link, if any, once the restored users are back in
    /// the hub (it writes them into the presence table), and gives it a few
    /// seconds to join before users arrive, so that the first logins can be
    /// checked cluster-wide.
    private func joinCluster() async -> Task<Void, Never>? {
        guard let clusterLink else { return nil }
        let hub = self.hub
        try? await eventLoop.submit { hub.value.cluster = ClusterMembership(link: clusterLink) }.get()
        let task = Task { await clusterLink.run() }
        await clusterLink.firstAttemptFinished(timeout: .seconds(5))
        return task
    }

    /// What the hub queued goes out first; `leaving` (not a restart) takes
    /// this node out of the presence table at once.
    private func leaveCluster(_ task: Task<Void, Never>?, leaving: Bool) async {
        guard let clusterLink, let task else { return }
        await clusterLink.stop(leaving: leaving)
        task.cancel()
        await task.value
    }

    /// Makes the coming graceful shutdown a restart that keeps every
    /// connection it can (a no-op without a keeper): call it before the
    /// shutdown starts.
    public func requestHandOver() {
        handOverRequested.store(true, ordering: .relaxed)
    }

    /// Plain first, then TLS; none stays open if one fails.
    private func bindListeners() async throws -> [(channel: any Channel, transport: Transport)] {
        var bound: [(channel: any Channel, transport: Transport)] = []
        do {
            if let plainListener { bound.append((try await bind(plainListener, transport: .tcp), .tcp)) }
            if let tlsListener { bound.append((try await bind(tlsListener.listener, transport: .tls), .tls)) }
            if let webListener { bound.append((try await bind(webListener, transport: .web), .web)) }
        } catch {
            for (channel, _) in bound { try? await channel.close() }
            throw error
        }
        return bound
    }

    private func bind(_ listener: ChatListener, transport: Transport) async throws -> any Channel {
        let hub = self.hub
        // Each handshake takes the pair loaded last, so a reload reaches new connections only.
        let certificates = transport == .tls ? tlsListener?.certificates : nil
        let settings = initialSettings
        let webWaiting = NIOLoopBoundBox.makeBoxSendingValue(RequestDeadline.Waiting(), eventLoop: eventLoop)
        let bootstrap = ServerBootstrap(group: eventLoop)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .childChannelOption(.recvAllocator, value: Self.clientReceiveAllocator)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if transport == .web {
                        try WebChannelSetup.configure(channel, hub: hub, waiting: webWaiting.value, settings: settings)
                        return
                    }
                    let pipeline = channel.pipeline.syncOperations
                    if let certificates {
                        try pipeline.addHandler(NIOSSLServerHandler(context: certificates.context))
                        try pipeline.addHandler(TLSHandshakeObserver(hub: hub.value))
                    }
                    try pipeline.addHandler(ClientConnectionHandler(hub: hub.value, transport: transport))
                }
            }
        switch listener {
        case .inherited(let descriptor):
            let backlog = ListenBacklog.current(of: descriptor)
            let channel = try await bootstrap.withBoundSocket(descriptor).get()
            if let backlog { ListenBacklog.restore(backlog, on: descriptor) }
            return channel
        case .bind(let address):
            return try await bootstrap.bind(host: address.host, port: address.port).get()
        }
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
        if let tlsListener {
            if let files = TLSCertificates.Files(settings) {
                tlsListener.certificates.reload(files: files)
            } else {
                logger.error("tls-certificate or tls-key is no longer set: still serving the previous certificate", metadata: JournalEvent.tlsReloadFailed.metadata)
            }
        }
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
