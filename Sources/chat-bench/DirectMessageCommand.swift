import ArgumentParser

struct DirectMessageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dm",
        abstract: "Pairs exchanging direct messages at a fixed total rate (open loop)."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Clients logged in, in pairs (an even number).")
    var clients = 200

    @Option(help: "Direct messages per second, all pairs together.")
    var rate = 2000.0

    @OptionGroup var window: WindowOptions

    func run() async throws {
        let scenario = DirectMessageScenario(clients: clients, rate: rate, seconds: window.seconds, warmUpSeconds: window.warmUp, textBytes: window.textBytes)
        try await options.perform {
            let report = try await scenario.run(chatd: options.launch, threads: options.threads)
            options.show(report)
            return [report]
        }
    }
}
