import ArgumentParser

struct FanoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "Clients online, some broadcasting with a bounded number of messages in flight each."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Clients logged in.")
    var clients = 100

    @Option(help: "How many of them broadcast.")
    var senders = 10

    @Option(help: "Own messages each sender keeps on their way (its echo frees a slot).")
    var inFlight = 16

    @OptionGroup var window: WindowOptions

    func run() async throws {
        let scenario = FanoutScenario(
            clients: clients, senders: senders, inFlight: inFlight, seconds: window.seconds, warmUpSeconds: window.warmUp, textBytes: window.textBytes
        )
        try await options.perform {
            let report = try await scenario.run(chatd: options.launch, threads: options.threads)
            options.show(report)
            return [report]
        }
    }
}
