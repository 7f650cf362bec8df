import AdminProtocol
import ArgumentParser

struct StatsCommand: AdminSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show counters since chatd started."
    )

    @ParentCommand var parent: ChatctlCommand
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the counters as JSON (fields in chatctl(8)).")
    var json = false

    func run(with client: AdminClient) throws(ChatctlError) {
        guard case .statistics(let report) = try client.perform(.stats) else {
            throw .badAnswer("chatd answered 'stats' with another result")
        }
        if json {
            try printJSON(report)
        } else {
            print(StatisticsText.render(report), terminator: "")
        }
    }
}
