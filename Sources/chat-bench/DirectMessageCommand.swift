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

    @Option(help: "Seconds measured, after the warm-up.")
    var seconds = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmUp = 1.0

    @Option(help: "Bytes of text per message.")
    var textBytes = 64

    func run() async throws {
        let scenario = DirectMessageScenario(clients: clients, rate: rate, seconds: seconds, warmUpSeconds: warmUp, textBytes: textBytes)
        try await options.perform {
            let report = try await scenario.run(chatd: options.chatdPath, threads: options.threads)
            options.show(report)
            return [report]
        }
    }
}
