import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The chatd being measured, started by the benchmark on a free loopback
/// port, logging at warning level into a temporary directory whose log is
/// quoted when something goes wrong.
final class ChatdUnderTest {
    /// Every limit that could throttle or refuse the load generator is off;
    /// presence announcements are the scenario's choice.
    static func unlimitedOptions(presenceLimit: Int) -> [String] {
        [
            "--rate-limit", "0",
            "--max-clients", "0",
            "--max-clients-per-address", "0",
            "--handshake-timeout", "0",
            "--presence-limit", "\(presenceLimit)",
            "--send-queue-bytes", "\(1 << 30)",
            "--log-level", "warning",
        ]
    }

    let port: Int
    let meter: ProcessMeter
    /// Set when chatd serves over TLS (`--tls`).
    let tls: BenchTLS?
    private let process: Process
    private let directory: URL
    private let logPath: String
    private let socketActivated: Bool

    /// Starts `chatd` with `options` (plus --listen, --admin-socket and an
    /// empty --config, so a host's /etc/chatd/chatd.conf cannot interfere).
    /// With `socketActivator`, chatd runs under systemd-socket-activate, which
    /// holds the port and starts chatd on the first connection.
    static func start(_ chatd: ChatdLaunch, options: [String], socketActivator: String? = nil) async throws -> ChatdUnderTest {
        guard FileManager.default.isExecutableFile(atPath: chatd.executable) else {
            throw BenchError("no chatd executable at \(chatd.executable) (build it, or pass --chatd PATH)")
        }
        let server = try ChatdUnderTest(chatd, options: options, socketActivator: socketActivator)
        let deadline = ContinuousClock.now + .seconds(30)
        while !server.isServing {
            guard server.process.isRunning else {
                throw BenchError("chatd exited with status \(server.process.terminationStatus) before serving: \(server.log)")
            }
            guard ContinuousClock.now < deadline else {
                throw BenchError("chatd did not listen on 127.0.0.1:\(server.port) within 30 s: \(server.log)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        return server
    }

    private init(_ launch: ChatdLaunch, options: [String], socketActivator: String?) throws {
        port = try LoopbackPort.unused()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logPath = directory.appendingPathComponent("chatd.log").path
        let configPath = directory.appendingPathComponent("chatd.conf").path
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
              FileManager.default.createFile(atPath: configPath, contents: nil)
        else { throw BenchError("cannot create files in \(directory.path)") }

        tls = launch.tls ? try BenchTLS(directory: directory) : nil
        var chatd = [launch.executable, "--config", configPath, "--admin-socket", directory.appendingPathComponent("admin.sock").path]
        chatd += options
        let address = "127.0.0.1:\(port)"
        process = Process()
        if let socketActivator {
            process.executableURL = URL(fileURLWithPath: socketActivator)
            // systemd-socket-activate passes on only the variables it is given.
            let passed = ["ASAN_OPTIONS", "TSAN_OPTIONS"].compactMap { name in
                ProcessInfo.processInfo.environment[name].map { "--setenv=\(name)=\($0)" }
            }
            let certificate = tls.map { ["--tls-certificate", $0.certificatePath, "--tls-key", $0.keyPath] } ?? []
            process.arguments = ["-l", address, tls == nil ? "--fdname=chat" : "--fdname=chat-tls"] + passed + chatd + certificate
        } else {
            process.executableURL = URL(fileURLWithPath: launch.executable)
            process.arguments = Array(chatd.dropFirst()) + (tls?.chatdOptions(listeningOn: address) ?? ["--listen", address])
        }
        let commandLine = ([process.executableURL?.path ?? ""] + (process.arguments ?? [])).joined(separator: " ")
        var environment = ProcessInfo.processInfo.environment
        for name in ["JOURNAL_STREAM", "NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "WATCHDOG_USEC", "WATCHDOG_PID"] {
            environment.removeValue(forKey: name)
        }
        process.environment = environment
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw BenchError("cannot start \(commandLine): \(error.localizedDescription)")
        }
        meter = ProcessMeter(pid: process.processIdentifier)
        self.socketActivated = socketActivator != nil
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    var log: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.isEmpty ? "(its log is empty)" : "\n" + text
    }

    /// systemd-socket-activate says when it holds the port; connecting to ask
    /// would start chatd and spoil the cold start being measured.
    private var isServing: Bool {
        socketActivated ? log.contains("Listening on") : LoopbackPort.isListening(port)
    }

    /// SIGTERM, as systemd would stop it; chatd must say goodbye and exit 0.
    func stop() async throws {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw BenchError("chatd did not exit within 15 s of SIGTERM: \(log)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw BenchError("chatd ended with status \(process.terminationStatus) after SIGTERM: \(log)")
        }
    }
}
