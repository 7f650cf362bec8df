import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real `chatd` started for one test on an ephemeral port, with its log
/// captured in a file the test can read.
public final class ChatdProcess: @unchecked Sendable {
    public let process = Process()
    /// 0 when chatd serves no plain-text chat.
    public let port: Int
    /// The TLS listener's, when chatd has one.
    public let tlsPort: Int?
    public let logPath: String
    public let workDirectory: URL

    /// Starts chatd with `arguments` (plus `--listen 127.0.0.1:0` unless given)
    /// and waits until it serves.
    public init(
        arguments: [String] = [],
        environment: [String: String] = [:],
        listen: Bool = true
    ) throws {
        workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatd-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        logPath = workDirectory.appendingPathComponent("chatd.log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Binaries.path("chatd"))
        var allArguments = arguments
        if listen, !arguments.contains("--listen") {
            allArguments += ["--listen", "127.0.0.1:0"]
        }
        if !arguments.contains("--admin-socket") {
            allArguments += ["--admin-socket", workDirectory.appendingPathComponent("admin.sock").path]
        }
        process.arguments = allArguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "JOURNAL_STREAM")
        env.removeValue(forKey: "NOTIFY_SOCKET")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        try process.run()
        (port, tlsPort) = try Self.waitForListeningPorts(logPath: logPath, process: process)
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: workDirectory)
    }

    public var pid: pid_t { process.processIdentifier }

    public var adminSocketPath: String { workDirectory.appendingPathComponent("admin.sock").path }

    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Resident memory from /proc, in KiB.
    public var residentKiB: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let value = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return value
    }

    /// Sends `signal` and waits (up to `timeout`) for chatd to exit; returns its status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Double = 15) throws -> Int32 {
        kill(pid, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                throw TestFailure("chatd did not exit within \(timeout)s of signal \(signal)")
            }
            usleep(20_000)
        }
        return process.terminationStatus
    }

    private static func waitForListeningPorts(logPath: String, process: Process) throws -> (plain: Int, tls: Int?) {
        let deadline = Date().addingTimeInterval(30)
        func port(_ field: String, in line: Substring) -> Int? {
            guard let range = line.range(of: " \(field)=") else { return nil }
            let address = line[range.upperBound...].prefix { !$0.isWhitespace }
            return address.lastIndex(of: ":").flatMap { Int(address[address.index(after: $0)...]) }
        }
        while Date() < deadline {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let serving = log.split(separator: "\n").first(where: { $0.contains("chatd serving") }) {
                return (port("listen", in: serving) ?? 0, port("listen-tls", in: serving))
            }
            guard process.isRunning else {
                throw TestFailure("chatd exited with status \(process.terminationStatus) before serving:\n\(log)")
            }
            usleep(10_000)
        }
        throw TestFailure("chatd did not start serving within 30s")
    }
}
