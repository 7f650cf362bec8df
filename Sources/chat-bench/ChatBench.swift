import ArgumentParser

@main
struct ChatBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat-bench",
        abstract: "Load generator for chatd: starts a chatd, drives thousands of clients over loopback, and reports what it cost.",
        discussion: """
            Each scenario starts its own chatd (cluster: several, then one) with every limit off and log level \
            warning, and stops it with SIGTERM. \
            Figures are read from outside: deliveries and latency by the receiving clients, chatd's CPU and memory \
            from /proc. The output is a table for people and one JSON line per scenario (only JSON with --json). \
            Exit status: 0 done; 1 messages were lost or clients refused; 2 the run could not be measured.
            """,
        subcommands: [
            SuiteCommand.self, FanoutCommand.self, DirectMessageCommand.self, ConnectCommand.self, ColdStartCommand.self,
            ClusterCommand.self,
        ]
    )
}
