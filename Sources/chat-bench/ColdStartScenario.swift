/// chatd not yet running: systemd-socket-activate holds the port, and the
/// first client's connection starts chatd. The time runs from that connect to
/// its `WELCOME`, so process start, socket adoption and the handshake all count.
struct ColdStartScenario: Sendable {
    var runs: Int
    var socketActivator: String

    var title: String {
        "coldstart: first client's WELCOME under systemd-socket-activate, \(runs) starts"
    }

    func run(chatd: ChatdLaunch) async throws -> ScenarioReport {
        guard runs >= 1 else { throw BenchError("coldstart needs --runs ≥ 1") }
        var milliseconds: [Double] = []
        var errors = 0
        var problems: [String] = []
        for _ in 0..<runs {
            let server = try await ChatdUnderTest.start(
                chatd, options: ChatdUnderTest.unlimitedOptions(presenceLimit: 0), socketActivator: socketActivator
            )
            // Each start has its own certificate, so each its own clients.
            let generator = LoadGenerator(threads: 1, textBytes: 0, tls: server.tls?.clientContext)
            milliseconds.append(try await generator.logIn(count: 1, ports: [server.port], concurrency: 1, timeout: .seconds(30)) * 1000)
            _ = try await generator.quitAll()
            try await server.stop()
            errors += try await generator.problemCount()
            problems += try await generator.everyShard(\.problems).joined()
            try await generator.shutdown()
        }
        let sorted = milliseconds.sorted()
        return ScenarioReport(
            scenario: "coldstart",
            title: title,
            parameters: [Figure("runs", "starts", runs)],
            figures: [
                Figure("welcomeMsMedian", "connect to WELCOME, median", sorted[sorted.count / 2], unit: "ms", decimals: 1),
                Figure("welcomeMsMax", "connect to WELCOME, slowest", sorted[sorted.count - 1], unit: "ms", decimals: 1),
                Figure("errors", "errors", errors),
            ],
            problems: Array(problems.prefix(5))
        )
    }
}
