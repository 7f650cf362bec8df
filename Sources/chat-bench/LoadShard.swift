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
    private var server: SocketAddress?
    private(set) var login = LoginProgress()
    private(set) var closed = 0

    private(set) var isSending = false
    private var directSchedule: DirectSchedule?

    private(set) var deliveries = 0
    private var latency = LoadShard.emptyHistogram
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

    /// Connects the clients `indices`, at most `concurrency` still logging in at a time.
    func connect(_ indices: [Int], to server: SocketAddress, concurrency: Int) {
        self.server = server
        waitingToConnect = indices
        nextToConnect = 0
        login = LoginProgress()
        closed = 0
        for _ in 0..<min(concurrency, indices.count) { connectNext() }
    }

    private func connectNext() {
        guard nextToConnect < waitingToConnect.count, let server else { return }
        let index = waitingToConnect[nextToConnect]
        nextToConnect += 1
        ClientBootstrap(group: eventLoop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: nil))
                    }
                    try channel.pipeline.syncOperations.addHandler(BenchClient(index: index, shard: self))
                }
            }
            .connect(to: server)
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

    /// Direct messages: every client here writes to its pair's other member
    /// (the client numbered `index ^ 1`), together `perSecond` messages a
    /// second on a fixed schedule from `start`, whether or not chatd keeps up.
    func startDirectMessages(perSecond: Double, from start: NIODeadline) {
        guard !clients.isEmpty, perSecond > 0 else { return }
        isSending = true
        directSchedule = DirectSchedule(start: start, intervalNanoseconds: 1e9 / perSecond)
        sendDueDirectMessages()
    }

    private func sendDueDirectMessages() {
        guard isSending, var schedule = directSchedule else { return }
        let now = NIODeadline.now()
        while schedule.nextDue <= now {
            let client = clients[schedule.sent % clients.count]
            let due = schedule.nextDue.uptimeNanoseconds
            client.sendDirect(to: client.index ^ 1, dueAt: due)
            if recording {
                let sentAt = NIODeadline.now().uptimeNanoseconds
                lateness.record(min(sentAt > due ? sentAt - due : 0, lateness.highestTrackableValue))
            }
            schedule.sent += 1
        }
        schedule.timer = eventLoop.assumeIsolated().scheduleTask(deadline: schedule.nextDue) { [self] in
            sendDueDirectMessages()
        }
        directSchedule = schedule
    }

    func stopSending() {
        isSending = false
        directSchedule?.timer?.cancel()
        directSchedule = nil
    }

    // MARK: Measuring

    func delivered(dueAt: UInt64) {
        deliveries += 1
        guard recording else { return }
        let now = NIODeadline.now().uptimeNanoseconds
        latency.record(min(now > dueAt ? now - dueAt : 0, latency.highestTrackableValue))
    }

    /// Starts recording latencies afresh; returns the deliveries so far.
    func beginWindow() -> Int {
        latency.reset()
        lateness.reset()
        recording = true
        return deliveries
    }

    /// Stops recording; returns the deliveries so far and the window's latencies.
    func endWindow() -> WindowRecord {
        recording = false
        return WindowRecord(deliveries: deliveries, latency: latency, lateness: lateness)
    }

    var tallies: [Tally] {
        clients.map { Tally(index: $0.index, sent: $0.sent, received: $0.received) }
    }

    func problem(_ text: String) {
        problemCount += 1
        if problems.count < 5 { problems.append(text) }
    }
}
