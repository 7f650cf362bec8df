import Foundation

/// A throw-away PostgreSQL for one test, run by `Tests/cluster/scratch-postgres.sh`:
/// listening only on a Unix socket in its own directory, no password, no fsync.
/// Stopped and removed on deinit.
public final class ScratchPostgres: @unchecked Sendable {
    public let directory: URL
    /// What chatd's `--cluster` takes: `host=DIR port=5432 user=postgres dbname=postgres`.
    public let conninfo: String

    /// The script, found by walking up from the built binaries to the package
    /// root (`.build/<triple>/debug`, or a `--scratch-path` like `.build-asan`),
    /// else next to this source file.
    public static let script: String = {
        let relative = "Tests/cluster/scratch-postgres.sh"
        var url = URL(fileURLWithPath: Binaries.directory)
        while url.path != "/" {
            let candidate = url.appendingPathComponent(relative).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            url.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("cluster/scratch-postgres.sh").path
    }()

    /// Creates the cluster and starts it; throws with the script's errors if it
    /// cannot. With `tlsPort`, it also serves TLS on 127.0.0.1 at that port
    /// (and refuses TCP without it), with the certificate at `certificatePath`.
    public init(tlsPort: Int? = nil) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("chatd-pg-\(UUID().uuidString.prefix(8))")
        do {
            conninfo = try Self.run("start", directory, extra: tlsPort.map { ["\($0)"] } ?? [])
        } catch {
            _ = try? Self.run("stop", directory)
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    deinit {
        _ = try? Self.run("stop", directory)
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the server (fast shutdown: every connection is cut), keeping its data.
    public func stopServer() throws {
        _ = try Self.run("stop-server", directory)
    }

    /// Starts the stopped server again on the same data and socket.
    public func startServer() throws {
        _ = try Self.run("start-server", directory)
    }

    /// The TLS certificate the server presents (only with a `tlsPort`).
    public var certificatePath: String { directory.appendingPathComponent("server.crt").path }

    /// The server's log, for failure messages.
    public var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("postgres.log"), encoding: .utf8)) ?? ""
    }

    /// Runs the script; returns the last line it printed.
    private static func run(_ command: String, _ directory: URL, extra: [String] = []) throws -> String {
        let result = try Subprocess.run("/bin/sh", [script, command, directory.path] + extra, timeout: 120)
        guard result.status == 0 else {
            throw TestFailure("scratch-postgres.sh \(command) exited \(result.status): \(result.errors)\(result.output)")
        }
        return result.output.split(separator: "\n").last.map(String.init) ?? ""
    }
}
