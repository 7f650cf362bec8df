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

    @Option(help: "Seconds measured, after the warm-up.")
    var seconds = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmUp = 1.0

    @Option(help: "Bytes of text per message.")
    var textBytes = 64

    func run() async throws {
        let scenario = FanoutScenario(
            clients: clients, senders: senders, inFlight: inFlight, seconds: seconds, warmUpSeconds: warmUp, textBytes: textBytes
        )
        try await options.perform {
            let report = try await scenario.run(chatd: options.chatdPath, threads: options.threads)
            options.show(report)
            return [report]
        }
    }
}
