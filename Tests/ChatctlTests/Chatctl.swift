import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real chatctl binary, as root or (through setpriv) as another user.
struct Chatctl {
    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    /// The unprivileged account the access tests use.
    static let nobody: uid_t = 65534
    static var isRoot: Bool { getuid() == 0 }

    /// `environment` replaces chatctl's socket-related variables, so the
    /// developer's own CHATD_ADMIN_SOCKET never leaks into a test.
    static func run(
        _ arguments: [String],
        environment: [String: String] = [:],
        asUser user: uid_t? = nil,
        groups: [gid_t] = []
    ) throws -> Run {
        let process = Process()
        if let user {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            let groupOption = groups.isEmpty ? "--clear-groups" : "--groups=" + groups.map(String.init).joined(separator: ",")
            process.arguments = ["--reuid=\(user)", "--regid=\(user)", groupOption, Binaries.path("chatctl")] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: Binaries.path("chatctl"))
            process.arguments = arguments
        }
        var env = ProcessInfo.processInfo.environment
        for key in ["CHATD_ADMIN_SOCKET", "XDG_RUNTIME_DIR"] { env.removeValue(forKey: key) }
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self)
        )
    }

    /// Runs chatctl against `chatd`'s admin socket.
    static func run(_ arguments: [String], against chatd: ChatdProcess) throws -> Run {
        try run(["--socket", chatd.adminSocketPath] + arguments)
    }

    /// The `--json` output of a successful command, as plain JSON objects.
    static func json(_ arguments: [String], against chatd: ChatdProcess) throws -> [String: Any] {
        let run = try run(arguments + ["--json"], against: chatd)
        guard run.status == 0 else { throw TestFailure("chatctl \(arguments) exited \(run.status): \(run.errors)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any] else {
            throw TestFailure("chatctl \(arguments) --json printed no JSON object: \(run.output)")
        }
        return object
    }
}
