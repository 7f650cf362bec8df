import ArgumentParser

struct ConnectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connect",
        abstract: "Clients log in, stay idle and all quit at once; again, to look for leaks."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Clients per round.")
    var clients = 10_000

    @Option(help: "Rounds of logging in and quitting.")
    var rounds = 2

    @Option(help: "Most clients between connect and WELCOME at once.")
    var concurrency = 1000

    @Option(help: "Seconds to stay idle before measuring memory, after logging in and after quitting.")
    var idle = 1.0

    @Option(help: "chatd's --presence-limit for this scenario (its default: JOIN and LEAVE only while at most this many are online).")
    var presenceLimit = 1000

    func run() async throws {
        let scenario = ConnectScenario(
            clients: clients, rounds: rounds, concurrency: concurrency, idleSeconds: idle, presenceLimit: presenceLimit
        )
        try await options.perform {
            let report = try await scenario.run(chatd: options.launch, threads: options.threads)
            options.show(report)
            return [report]
        }
    }
}
