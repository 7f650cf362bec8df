/// `clients` users online, `senders` of them broadcasting, each keeping
/// `inFlight` of its own messages on their way (its own echo frees a slot):
/// closed loop, so chatd runs as fast as it can and its queues stay bounded.
struct FanoutScenario: Sendable {
    var clients: Int
    var senders: Int
    var inFlight: Int
    var seconds: Double
    var warmUpSeconds: Double
    var textBytes: Int

    var title: String {
        "fanout: \(clients) clients online, \(senders) broadcasting with \(inFlight) messages in flight each, \(textBytes)-byte texts"
    }

    func run(chatd: ChatdLaunch, threads: Int) async throws -> ScenarioReport {
        guard clients >= 1, (1...clients).contains(senders), inFlight >= 1, seconds > 0, warmUpSeconds >= 0 else {
            throw BenchError("fanout needs 1 ≤ --senders ≤ --clients, --in-flight ≥ 1, --seconds > 0 and --warm-up ≥ 0")
        }
        let server = try await ChatdUnderTest.start(chatd, options: ChatdUnderTest.unlimitedOptions(presenceLimit: 0))
        let generator = LoadGenerator(threads: threads, textBytes: textBytes, tls: server.tls?.clientContext)
        let baseline = try server.meter.memory()
        _ = try await generator.logIn(count: clients, ports: [server.port], concurrency: 500)
        let senders = self.senders, inFlight = self.inFlight
        _ = try await generator.everyShard { $0.startBroadcasting(senders: senders, window: inFlight) }
        try await Task.sleep(for: .seconds(warmUpSeconds))

        let window = try await LoadWindow.measure([server], generator, seconds: seconds)
        let memory = try server.meter.memory()

        // Everyone, senders included, receives every broadcast.
        let end = try await DeliveryRunEnd.finish(generator, [server], clients: clients) { tallies in
            let broadcasts = tallies.prefix(senders).reduce(0) { $0 + $1.sent }
            return tallies.map { _ in broadcasts }
        }

        return ScenarioReport(
            scenario: "fanout",
            title: title,
            parameters: [
                Figure("clients", "clients", clients),
                Figure("senders", "senders", senders),
                Figure("inFlight", "messages in flight per sender", inFlight),
                Figure("textBytes", "text bytes", textBytes),
                Figure("seconds", "seconds measured", window.seconds, decimals: 2),
            ],
            figures: window.figures + end.figures(busy: memory, idle: baseline, clients: clients),
            problems: end.problems
        )
    }
}
