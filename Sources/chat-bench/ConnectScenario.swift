/// `clients` users connect and log in, stay idle, then all quit at once; then
/// the same again, to show that what the first round left behind is reused
/// rather than leaked. Presence is announced while at most `presenceLimit`
/// users are online (chatd's default), as a deployment would run it.
struct ConnectScenario: Sendable {
    var clients: Int
    var rounds: Int
    var concurrency: Int
    var idleSeconds: Double
    var presenceLimit: Int

    var title: String {
        "connect: \(Figure("", "", clients).text) clients log in (at most \(concurrency) in handshake at once), "
            + "idle \(idleSeconds) s, all quit; \(rounds) rounds; presence announced up to \(presenceLimit) online"
    }

    /// What one round measured.
    private struct Round {
        var loginSeconds: Double
        var loggedIn: ProcessMeter.Memory
        var quitSeconds: Double
        var afterQuit: ProcessMeter.Memory
        var chatdCPUSeconds: Double
    }

    func run(chatd: ChatdLaunch, threads: Int) async throws -> ScenarioReport {
        guard clients >= 1, rounds >= 1, concurrency >= 1, idleSeconds >= 0, presenceLimit >= 0 else {
            throw BenchError("connect needs --clients, --rounds and --concurrency ≥ 1, --idle ≥ 0 and --presence-limit ≥ 0")
        }
        let server = try await ChatdUnderTest.start(chatd, options: ChatdUnderTest.unlimitedOptions(presenceLimit: presenceLimit))
        let generator = LoadGenerator(threads: threads, textBytes: 0, tls: server.tls?.clientContext)
        try await Task.sleep(for: .milliseconds(200))
        let baseline = try server.meter.memory()
        var measured: [Round] = []
        for _ in 0..<rounds {
            let cpuBefore = try server.meter.cpuSeconds()
            let loginSeconds = try await generator.logIn(count: clients, ports: [server.port], concurrency: concurrency)
            let cpu = try server.meter.cpuSeconds() - cpuBefore
            try await Task.sleep(for: .seconds(idleSeconds))
            let loggedIn = try server.meter.memory()
            let quitSeconds = try await generator.quitAll()
            try await Task.sleep(for: .seconds(idleSeconds))
            measured.append(Round(
                loginSeconds: loginSeconds, loggedIn: loggedIn, quitSeconds: quitSeconds,
                afterQuit: try server.meter.memory(), chatdCPUSeconds: cpu
            ))
        }
        try await server.stop()
        let problems = try await generator.everyShard(\.problems).joined()
        let errors = try await generator.problemCount()
        try await generator.shutdown()

        let first = measured[0]
        let last = measured[measured.count - 1]
        let perClient = { (kibibytes: Int) in Double(kibibytes - baseline.residentKiB) / Double(clients) }
        var figures = [
            Figure("loginSeconds", "time to log in every client", first.loginSeconds, unit: "s", decimals: 3),
            Figure("loginsPerSecond", "logins per second", Double(clients) / first.loginSeconds),
            Figure("chatdCPUSecondsPerThousandLogins", "chatd CPU per thousand logins", first.chatdCPUSeconds * 1000 / Double(clients), unit: "s", decimals: 3),
            Figure("rssBaselineKiB", "chatd RSS, no clients", baseline.residentKiB, unit: "KiB"),
            Figure("rssLoggedInKiB", "chatd RSS, all logged in", first.loggedIn.residentKiB, unit: "KiB"),
            Figure("rssPerClientKiB", "chatd RSS per idle client", perClient(first.loggedIn.residentKiB), unit: "KiB", decimals: 2),
            Figure("quitSeconds", "time until all have quit", first.quitSeconds, unit: "s", decimals: 3),
            Figure("rssAfterQuitKiB", "chatd RSS after all quit", first.afterQuit.residentKiB, unit: "KiB"),
            Figure("rssPerDepartedClientKiB", "chatd RSS kept per departed client", perClient(first.afterQuit.residentKiB), unit: "KiB", decimals: 2),
            Figure("peakKiB", "chatd peak RSS (VmHWM), first round", first.afterQuit.peakKiB, unit: "KiB"),
        ]
        if rounds > 1 {
            figures += [
                Figure("lastRoundLoginSeconds", "last round: time to log in", last.loginSeconds, unit: "s", decimals: 3),
                Figure("lastRoundRSSLoggedInKiB", "last round: chatd RSS, all logged in", last.loggedIn.residentKiB, unit: "KiB"),
                Figure("lastRoundRSSAfterQuitKiB", "last round: chatd RSS after all quit", last.afterQuit.residentKiB, unit: "KiB"),
                Figure("lastRoundPeakKiB", "last round: chatd peak RSS (VmHWM)", last.afterQuit.peakKiB, unit: "KiB"),
                Figure(
                    "peakGrowthPercent", "peak RSS growth over the first round",
                    100 * Double(last.afterQuit.peakKiB - first.afterQuit.peakKiB) / Double(first.afterQuit.peakKiB),
                    unit: "%", decimals: 1
                ),
            ]
        }
        figures.append(Figure("errors", "errors", errors))
        return ScenarioReport(
            scenario: "connect",
            title: title,
            parameters: [
                Figure("clients", "clients", clients),
                Figure("rounds", "rounds", rounds),
                Figure("concurrency", "logins in handshake at once", concurrency),
                Figure("presenceLimit", "presence limit", presenceLimit),
            ],
            figures: figures,
            problems: Array(problems)
        )
    }
}
