/// How every scenario that counts deliveries ends: stop sending, wait until
/// what was sent has arrived (or is lost), everyone quits, chatd (every node
/// of a cluster) stops; then the figures such scenarios all report after their window's.
struct DeliveryRunEnd {
    var lost: Int
    var expected: Int
    var errors: Int
    var problems: [String]

    /// `expectations` gives, from every client's tally, how many lines each should have received.
    static func finish(
        _ generator: LoadGenerator,
        _ servers: [ChatdUnderTest],
        clients: Int,
        expectations: @escaping ([LoadShard.Tally]) -> [Int]
    ) async throws -> DeliveryRunEnd {
        _ = try await generator.everyShard { $0.stopSending() }
        let delivery = try await DeliveryCheck.missing(generator, clients: clients, expectations: expectations)
        _ = try await generator.quitAll()
        for server in servers { try await server.stop() }
        let problems = try await generator.everyShard(\.problems).joined()
        let errors = try await generator.problemCount()
        try await generator.shutdown()
        return DeliveryRunEnd(lost: delivery.lost, expected: delivery.expected, errors: errors, problems: Array(problems))
    }

    /// One chatd's memory per client, then the correctness figures.
    func figures(busy memory: ProcessMeter.Memory, idle baseline: ProcessMeter.Memory, clients: Int) -> [Figure] {
        [
            Figure(
                "chatdRSSPerClientKiB", "chatd RSS per client (busy)",
                Double(memory.residentKiB - baseline.residentKiB) / Double(clients), unit: "KiB", decimals: 1
            ),
        ] + figures
    }

    /// What was checked, what of it was lost, and what the clients met.
    var figures: [Figure] {
        [
            Figure("checked", "deliveries checked (whole run)", expected),
            Figure("lost", "messages lost", lost),
            Figure("errors", "errors", errors),
        ]
    }
}
