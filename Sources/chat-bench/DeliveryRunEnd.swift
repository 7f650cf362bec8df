/// How every scenario that counts deliveries ends: stop sending, wait until
/// what was sent has arrived (or is lost), everyone quits, chatd stops; then
/// the figures such scenarios all report after their window's.
struct DeliveryRunEnd {
    var lost: Int
    var expected: Int
    var errors: Int
    var problems: [String]

    /// `expectations` gives, from every client's tally, how many lines each should have received.
    static func finish(
        _ generator: LoadGenerator,
        _ server: ChatdUnderTest,
        clients: Int,
        expectations: @escaping ([LoadShard.Tally]) -> [Int]
    ) async throws -> DeliveryRunEnd {
        _ = try await generator.everyShard { $0.stopSending() }
        let delivery = try await DeliveryCheck.missing(generator, clients: clients, expectations: expectations)
        _ = try await generator.quitAll()
        try await server.stop()
        let problems = try await generator.everyShard(\.problems).joined()
        let errors = try await generator.problemCount()
        try await generator.shutdown()
        return DeliveryRunEnd(lost: delivery.lost, expected: delivery.expected, errors: errors, problems: Array(problems))
    }

    func figures(busy memory: ProcessMeter.Memory, idle baseline: ProcessMeter.Memory, clients: Int) -> [Figure] {
        [
            Figure(
                "chatdRSSPerClientKiB", "chatd RSS per client (busy)",
                Double(memory.residentKiB - baseline.residentKiB) / Double(clients), unit: "KiB", decimals: 1
            ),
            Figure("checked", "deliveries checked (whole run)", expected),
            Figure("lost", "messages lost", lost),
            Figure("errors", "errors", errors),
        ]
    }
}
