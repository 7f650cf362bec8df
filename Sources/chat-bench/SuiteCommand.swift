import ArgumentParser
import Foundation

/// Every scenario at the sizes issue 6 sets bounds for, then each bound and
/// whether this run met it. `make bench` runs this against a release build.
struct SuiteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Every scenario at the sizes the issue sets bounds for, and whether each bound was met."
    )

    @OptionGroup var options: BenchOptions

    @Option(help: "Seconds measured in each fanout and dm run.")
    var seconds = 10.0

    @Option(help: "Own messages each fanout sender keeps on their way.")
    var inFlight = 16

    @Option(help: ArgumentHelp("systemd-socket-activate to use for the cold start.", valueName: "path"))
    var socketActivate = "/usr/bin/systemd-socket-activate"

    private struct Entry {
        let name: String
        let targets: [Target]
        let run: (ChatdLaunch, Int) async throws -> ScenarioReport
    }

    private var entries: [Entry] {
        let fanout = { (clients: Int, senders: Int) in
            FanoutScenario(clients: clients, senders: senders, inFlight: inFlight, seconds: seconds, warmUpSeconds: 1, textBytes: 64)
        }
        let small = fanout(100, 10), large = fanout(1000, 5)
        let direct = DirectMessageScenario(clients: 200, rate: 2000, seconds: seconds, warmUpSeconds: 1, textBytes: 64)
        let connect = ConnectScenario(clients: 10_000, rounds: 2, concurrency: 1000, idleSeconds: 1, presenceLimit: 1000)
        let coldStart = ColdStartScenario(runs: 5, socketActivator: socketActivate)
        return [
            Entry(name: "fanout N=100 S=10", targets: [Target(key: "chatdCPUSecondsPerMillion", atMost: 0.6), Target(key: "lost", atMost: 0)]) {
                try await small.run(chatd: $0, threads: $1)
            },
            Entry(name: "fanout N=1000 S=5", targets: [Target(key: "chatdCPUSecondsPerMillion", atMost: 1.0), Target(key: "lost", atMost: 0)]) {
                try await large.run(chatd: $0, threads: $1)
            },
            Entry(name: "dm 200 @ 2000/s", targets: [Target(key: "lost", atMost: 0), Target(key: "latencyP99Ms", atMost: 1)]) {
                try await direct.run(chatd: $0, threads: $1)
            },
            Entry(
                name: "connect 10,000",
                targets: [
                    Target(key: "loginSeconds", atMost: 3), Target(key: "rssPerClientKiB", atMost: 12),
                    Target(key: "peakGrowthPercent", atMost: 5),
                ]
            ) {
                try await connect.run(chatd: $0, threads: $1)
            },
            Entry(name: "coldstart", targets: [Target(key: "welcomeMsMax", atMost: 100)]) { chatd, _ in
                try await coldStart.run(chatd: chatd)
            },
        ]
    }

    func run() async throws {
        let entries = self.entries
        try await options.perform {
            var reports: [ScenarioReport] = []
            for entry in entries {
                let report = try await entry.run(options.launch, options.threads)
                options.show(report)
                reports.append(report)
            }
            return reports
        } summary: { reports in
            let rows = zip(entries, reports).flatMap { entry, report in
                entry.targets.map { $0.row(for: report, name: entry.name) }
            }
            return "Against issue 6:\n" + Self.align([["scenario", "figure", "this run", "bound", ""]] + rows)
        }
    }

    private static func align(_ rows: [[String]]) -> String {
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  " + zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
