import NIOCore
import NIOPosix
import NIOSSL

/// Thousands of simulated users in this one process, spread over a few event
/// loops (client `i` lives on shard `i % threads`). The scenarios steer it
/// from outside the loops; every question goes to each shard's own loop.
final class LoadGenerator: Sendable {
    let shards: [LoadShard]
    private let group: MultiThreadedEventLoopGroup

    /// With `tls`, every client speaks TLS to chatd.
    init(threads: Int, textBytes: Int, tls: NIOSSLContext? = nil) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        self.group = group
        shards = (0..<threads).map { LoadShard(number: $0, eventLoop: group.next(), textBytes: textBytes, tls: tls) }
    }

    func shutdown() async throws {
        try await group.shutdownGracefully()
    }

    /// Runs `body` on every shard's loop and returns the answers in shard order.
    func everyShard<Answer: Sendable>(_ body: @escaping @Sendable (LoadShard) -> Answer) async throws -> [Answer] {
        var answers: [Answer] = []
        for shard in shards {
            answers.append(try await shard.eventLoop.submit { body(shard) }.get())
        }
        return answers
    }

    /// Polls until `done` holds for the shards' answers; `what` names the wait in the error.
    func wait<Answer: Sendable>(
        for what: String,
        timeout: Duration,
        asking question: @escaping @Sendable (LoadShard) -> Answer,
        until done: ([Answer]) -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while !done(try await everyShard(question)) {
            guard ContinuousClock.now < deadline else {
                throw BenchError("\(what) did not happen within \(timeout); \(try await problemSummary())")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    /// Logs in the clients numbered `0..<count`, each to its node's port
    /// among `ports` (`NodePlacement`), at most `concurrency` in handshake at
    /// once; returns the seconds from the first connect to the last WELCOME.
    func logIn(count: Int, ports: [Int], concurrency: Int, timeout: Duration = .seconds(120)) async throws -> Double {
        try OpenFileLimit.makeRoom(for: count)
        let servers = try ports.map { try SocketAddress(ipAddress: "127.0.0.1", port: $0) }
        let shardCount = shards.count
        let perShard = max(1, (concurrency + shardCount - 1) / shardCount)
        let start = NIODeadline.now()
        _ = try await everyShard { shard in
            shard.connect(Array(stride(from: shard.number, to: count, by: shardCount)), to: servers, concurrency: perShard)
        }
        try await wait(for: "logging in \(count) clients", timeout: timeout, asking: \.login) { progress in
            progress.reduce(0) { $0 + $1.loggedIn + $1.failed } == count
        }
        let progress = try await everyShard(\.login)
        let failed = progress.reduce(0) { $0 + $1.failed }
        guard failed == 0 else {
            throw BenchError("\(failed) of \(count) clients could not log in; \(try await problemSummary())")
        }
        let last = progress.compactMap(\.lastLoginAt).max() ?? start
        return Double((last - start).nanoseconds) / 1e9
    }

    /// Every logged-in client sends `/quit`; returns the seconds until chatd has closed them all.
    func quitAll(timeout: Duration = .seconds(120)) async throws -> Double {
        let start = ContinuousClock.now
        let quitting = try await everyShard { $0.quitAll() }
        try await wait(for: "chatd closing every client after /quit", timeout: timeout, asking: \.closed) { closed in
            zip(closed, quitting).allSatisfy { $0 >= $1 }
        }
        return (ContinuousClock.now - start).seconds
    }

    /// The deliveries so far (latency recording restarts).
    func beginWindow() async throws -> Int {
        try await everyShard { $0.beginWindow() }.reduce(0, +)
    }

    func endWindow() async throws -> WindowRecord {
        var record = WindowRecord.empty
        for answer in try await everyShard({ $0.endWindow() }) { record.add(answer) }
        return record
    }

    /// What every logged-in client sent and received, indexed by client number.
    func tallies(clients: Int) async throws -> [LoadShard.Tally] {
        var all = (0..<clients).map { LoadShard.Tally(index: $0, sent: 0, received: 0) }
        for tally in try await everyShard(\.tallies).joined() where tally.index < clients {
            all[tally.index] = tally
        }
        return all
    }

    func problemCount() async throws -> Int {
        try await everyShard(\.problemCount).reduce(0, +)
    }

    /// The first few problems the clients met, for an error message.
    func problemSummary() async throws -> String {
        let problems = try await everyShard(\.problems).joined()
        return problems.isEmpty ? "no client reported a problem" : "clients reported: " + problems.joined(separator: "; ")
    }
}
