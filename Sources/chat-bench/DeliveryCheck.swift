/// Loss is counted, not sampled: after the load stops, every client's
/// received count is compared with what it should have got.
enum DeliveryCheck {
    /// Waits until every client has all it should (or nothing more has
    /// arrived for 10 s) and returns what is missing. `expectations` maps the
    /// tallies (indexed by client number) to what each client should receive.
    static func missing(
        _ generator: LoadGenerator,
        clients: Int,
        expectations: @escaping ([LoadShard.Tally]) -> [Int]
    ) async throws -> (lost: Int, expected: Int) {
        var lastReceived = -1
        var lastProgress = ContinuousClock.now
        while true {
            let tallies = try await generator.tallies(clients: clients)
            let expected = expectations(tallies)
            let missing = zip(tallies, expected).reduce(0) { $0 + max(0, $1.1 - $1.0.received) }
            if missing == 0 || ContinuousClock.now - lastProgress > .seconds(10) {
                return (missing, expected.reduce(0, +))
            }
            let received = tallies.reduce(0) { $0 + $1.received }
            if received != lastReceived {
                lastReceived = received
                lastProgress = .now
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
