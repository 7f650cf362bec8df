import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The real chat-bench, run briefly against the debug chatd next to it; what
/// it printed as its JSON line, read back.
struct BenchRun {
    /// The fields the smoke tests look at; the line has many more.
    struct Report: Decodable {
        let scenario: String
        let lost: Int?
        let errors: Int
        let deliveries: Int?
        let checked: Int?
    }

    /// The last scenario's; `reports` has each of them, in order.
    let report: Report
    let reports: [Report]
    let status: Int32

    init(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path("chat-bench"))
        process.arguments = arguments + ["--chatd", Binaries.path("chatd"), "--json"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Generous: the debug chatd is slow and the machine may be busy; only a hang fails here.
        let deadline = Date().addingTimeInterval(180)
        while process.isRunning, Date() < deadline { usleep(50_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestFailure("chat-bench \(arguments.joined(separator: " ")) did not finish within 180 s")
        }
        status = process.terminationStatus
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        var reports: [Report] = []
        for line in printed.split(separator: "\n") where line.hasPrefix("{") {
            do {
                reports.append(try JSONDecoder().decode(Report.self, from: Data(line.utf8)))
            } catch {
                throw TestFailure("cannot read chat-bench's JSON line \(line): \(error)")
            }
        }
        guard let last = reports.last else {
            throw TestFailure("chat-bench printed no JSON line (status \(status)): \(printed)\(complaint)")
        }
        report = last
        self.reports = reports
    }
}
