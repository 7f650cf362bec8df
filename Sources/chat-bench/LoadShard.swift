import Histogram
import NIOCore
import NIOPosix
import NIOSSL

/// The clients one event loop drives, and what they measured. All of it is
/// confined to that loop (hence `@unchecked Sendable`: other threads reach it
/// only through `eventLoop.submit`), so counting a delivery takes no lock.
final class LoadShard: @unchecked Sendable {
    /// What one client sent and received, for the loss count.
    struct Tally: Sendable {
        var index: Int
        var sent: Int
        var received: Int
    }

    /// Where a round of logins stands.
    struct LoginProgress: Sendable {
        var loggedIn = 0
        var failed = 0
        var lastLoginAt: NIODeadline?
    }

    /// Clients numbered `number`, `number + shard count`, ... live here.
    let number: Int
    let eventLoop: any EventLoop
    let textBytes: Int
    let tls: NIOSSLContext?
    /// Logged in and not told to quit.
    private var clients: [BenchClient] = []

    private var waitingToConnect: [Int] = []
    private var nextToConnect = 0
    /// One chatd, or the nodes of a cluster (`NodePlacement` says which one each client logs in to).
    private var servers: [SocketAddress] = []
    private(set) var login = LoginProgress()
    private(set) var closed = 0

    private(set) var isSending = false
    private var schedule: OpenLoopSchedule?

    private(set) var deliveries = 0
    private var latency = LoadShard.emptyHistogram
    /// Cluster runs: the latencies of deliveries made by another node than the sender's.
    private var crossNodeLatency = LoadShard.emptyHistogram
    /// The window's deliveries, by the node that made them (the recipient's).
    private var deliveriesByNode: [Int] = []
    /// Open loop only: how long after its due time each message was written,
    /// which tells the generator's share of the latency from chatd's.
    private var lateness = LoadShard.emptyHistogram
    private var recording = false
    private(set) var problemCount = 0
    private(set) var problems: [String] = []

    /// Latencies in nanoseconds, up to a minute, to three significant digits.
    static var emptyHistogram: Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000_000, numberOfSignificantValueDigits: .three)
    }

    init(number: Int, eventLoop: any EventLoop, textBytes: Int, tls: NIOSSLContext?) {
        self.number = number
        self.eventLoop = eventLoop
        self.textBytes = textBytes
        self.tls = tls
    }

    // MARK: Logging in

    /// Connects the clients `indices`, each to its node among `servers`, at
    /// most `concurrency` still logging in at a time.
    func connect(_ indices: [Int], to servers: [SocketAddress], concurrency: Int) {
        self.servers = servers
        waitingToConnect = indices
        nextToConnect = 0
        login = LoginProgress()
        closed = 0
        for _ in 0..<min(concurrency, indices.count) { connectNext() }
    }

    private func connectNext() {
        guard nextToConnect < waitingToConnect.count else { return }
        let index = waitingToConnect[nextToConnect]
        let node = NodePlacement.node(of: index, among: servers.count)
        nextToConnect += 1
        ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHandler(BenchClient(index: index, node: node, shard: self))
                }
            }
            .connect(to: servers[node])
            .whenFailure { [self] error in
                problem("\(BenchClient.alias(index)) could not connect: \(error)")
                login.failed += 1
                connectNext()
            }
    }

    func clientLoggedIn(_ client: BenchClient) {
        clients.append(client)
        login.loggedIn += 1
        login.lastLoginAt = .now()
        connectNext()
    }

    func clientClosed(_ client: BenchClient) {
        closed += 1
        guard !client.isQuitting else { return }
        problem("\(BenchClient.alias(client.index)): chatd closed the connection")
        if !client.isLoggedIn {
            login.failed += 1
            connectNext()
        }
    }

    var clientCount: Int { clients.count }

    /// Every client says `/quit`; returns how many did.
    func quitAll() -> Int {
        stopSending()
        let quitting = clients
        clients.removeAll()
        for client in quitting { client.quit() }
        return quitting.count
    }

    // MARK: Load

    /// Fanout: the clients numbered below `senders` broadcast with `window` messages in flight each.
    func startBroadcasting(senders: Int, window: Int) {
        isSending = true
        for client in clients where client.index < senders {
            client.startBroadcasting(window: window)
        }
    }

    /// Open loop: every client here sends `kind` messages in turn, in the
    /// order of their numbers (which, in a cluster, takes the nodes in turn
    /// too), together `perSecond` a second on a fixed schedule from `start`.
    func startOpenLoop(_ kind: OpenLoopSchedule.Kind, perSecond: Double, from start: NIODeadline) {
        guard !clients.isEmpty, perSecond > 0 else { return }
        isSending = true
        schedule = OpenLoopSchedule(
            kind: kind, senders: clients.sorted { $0.index < $1.index }, start: start, intervalNanoseconds: 1e9 / perSecond
        )
        sendDueMessages()
    }

    private func sendDueMessages() {
        guard isSending, var schedule else { return }
        let now = NIODeadline.now()
        while schedule.nextDue <= now {
            let client = schedule.senders[schedule.sent % schedule.senders.count]
            let due = schedule.nextDue.uptimeNanoseconds
            client.send(schedule.kind, dueAt: due)
            if recording {
                let sentAt = NIODeadline.now().uptimeNanoseconds
                lateness.record(min(sentAt > due ? sentAt - due : 0, lateness.highestTrackableValue))
            }
            schedule.sent += 1
        }
        schedule.timer = eventLoop.assumeIsolated().scheduleTask(deadline: schedule.nextDue) { [self] in
            sendDueMessages()
        }
        self.schedule = schedule
    }

    func stopSending() {
        isSending = false
        schedule?.timer?.cancel()
        schedule = nil
    }

    /// The clients here numbered in `senders` broadcast one message each, now.
    func broadcastOnce(from senders: Range<Int>) {
        for client in clients where senders.contains(client.index) {
            client.send(.broadcast, dueAt: NIODeadline.now().uptimeNanoseconds)
        }
    }

    // MARK: Measuring

    func delivered(_ payload: Payload, to recipient: BenchClient) {
        deliveries += 1
        guard recording else { return }
        let now = NIODeadline.now().uptimeNanoseconds
        let nanoseconds = min(now > payload.dueAt ? now - payload.dueAt : 0, latency.highestTrackableValue)
        latency.record(nanoseconds)
        deliveriesByNode[recipient.node] += 1
        if servers.count > 1, NodePlacement.node(of: payload.sender, among: servers.count) != recipient.node {
            crossNodeLatency.record(nanoseconds)
        }
    }

    /// Starts recording latencies afresh; returns the deliveries so far.
    func beginWindow() -> Int {
        latency.reset()
        crossNodeLatency.reset()
        lateness.reset()
        deliveriesByNode = Array(repeating: 0, count: servers.count)
        recording = true
        return deliveries
    }

    /// Stops recording; returns the deliveries so far and the window's latencies.
    func endWindow() -> WindowRecord {
        recording = false
        return WindowRecord(
            deliveries: deliveries, deliveriesByNode: deliveriesByNode, latency: latency, crossNodeLatency: crossNodeLatency, lateness: lateness
        )
    }

    var tallies: [Tally] {
        clients.map { Tally(index: $0.index, sent: $0.sent, received: $0.received) }
    }

    func problem(_ text: String) {
        problemCount += 1
        if problems.count < 5 { problems.append(text) }
    }
}
