import NIOCore

/// `clients` users in pairs, each writing `/dm` to the other member of its
/// pair, `rate` messages a second in all on a fixed timetable (open loop):
/// a message's latency runs from when it was due, so queueing anywhere counts.
struct DirectMessageScenario: Sendable {
    var clients: Int
    var rate: Double
    var seconds: Double
    var warmUpSeconds: Double
    var textBytes: Int

    var title: String {
        "dm: \(clients / 2) pairs exchanging direct messages, \(Figure("", "", rate).text) a second in all (open loop), \(textBytes)-byte texts"
    }

    func run(chatd: ChatdLaunch, threads: Int) async throws -> ScenarioReport {
        guard clients >= 2, clients % 2 == 0, rate > 0, seconds > 0, warmUpSeconds >= 0 else {
            throw BenchError("dm needs an even --clients of at least 2, --rate > 0, --seconds > 0 and --warm-up ≥ 0")
        }
        let server = try await ChatdUnderTest.start(chatd, options: ChatdUnderTest.unlimitedOptions(presenceLimit: 0))
        let generator = LoadGenerator(threads: threads, textBytes: textBytes, tls: server.tls?.clientContext)
        let baseline = try server.meter.memory()
        _ = try await generator.logIn(count: clients, ports: [server.port], concurrency: 500)
        // Each shard sends its clients' share of the rate, all on one timetable.
        let perClient = rate / Double(clients)
        let start = NIODeadline.now() + .milliseconds(10)
        _ = try await generator.everyShard { shard in
            shard.startOpenLoop(.direct, perSecond: perClient * Double(shard.clientCount), from: start)
        }
        try await Task.sleep(for: .seconds(warmUpSeconds))

        let window = try await LoadWindow.measure([server], generator, seconds: seconds)
        let memory = try server.meter.memory()

        let end = try await DeliveryRunEnd.finish(generator, [server], clients: clients) { tallies in
            tallies.map { tallies[$0.index ^ 1].sent }
        }

        return ScenarioReport(
            scenario: "dm",
            title: title,
            parameters: [
                Figure("clients", "clients", clients),
                Figure("rate", "messages per second, target", rate),
                Figure("textBytes", "text bytes", textBytes),
                Figure("seconds", "seconds measured", window.seconds, decimals: 2),
            ],
            figures: window.figures + end.figures(busy: memory, idle: baseline, clients: clients),
            problems: end.problems
        )
    }
}
