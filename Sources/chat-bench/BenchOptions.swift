import ArgumentParser
import Foundation

/// What every scenario shares: which chatd, how many generator threads, and
/// whether people or scripts read the output.
struct BenchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The chatd to start and measure (default: the chatd next to chat-bench).", valueName: "path"))
    var chatd: String?

    @Option(help: "Event-loop threads in the load generator (chatd has one; the machine's other core is the generator's).")
    var threads = 1

    @Flag(help: "Print only one JSON line per scenario.")
    var json = false

    @Flag(help: "Users connect over TLS (chatd serves TLS only, with a certificate made for the run by openssl).")
    var tls = false

    var launch: ChatdLaunch {
        ChatdLaunch(executable: chatdPath, tls: tls)
    }

    private var chatdPath: String {
        if let chatd { return chatd }
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("chatd").path
    }

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    /// Runs the scenarios, prints their reports, and turns the outcome into
    /// the exit status: 0 all correct, 1 messages lost or clients refused, 2 no figures.
    func perform(_ scenarios: () async throws -> [ScenarioReport], summary: ([ScenarioReport]) -> String? = { _ in nil }) async throws {
        let reports: [ScenarioReport]
        do {
            reports = try await scenarios()
        } catch {
            FileHandle.standardError.write(Data("chat-bench: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if !json, let text = summary(reports) { print(text) }
        for report in reports { print(report.jsonLine) }
        guard reports.allSatisfy(\.isCorrect) else { throw ExitCode(1) }
    }

    /// The table for people as each scenario finishes (scripts get JSON at the end).
    func show(_ report: ScenarioReport) {
        guard !json else { return }
        print(report.table + "\n")
    }
}
