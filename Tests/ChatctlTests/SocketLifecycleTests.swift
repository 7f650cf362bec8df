import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The admin socket that chatd makes when systemd does not pass one.
@Suite struct SocketLifecycleTests {
    private static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// chatd run to completion (it is expected not to start).
    private static func chatdFailing(adminSocket: String, listen: String = "127.0.0.1:0") throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path("chatd"))
        process.arguments = ["--listen", listen, "--admin-socket", adminSocket]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func socketIsCreatedInAMissingDirectoryWithModeSixSixtyAndRemovedOnExit() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("run/chatd/admin.sock").path
        let chatd = try ChatdProcess(arguments: ["--admin-socket", path])
        var status = stat()
        #expect(lstat(path, &status) == 0)
        #expect(status.st_mode & S_IFMT == S_IFSOCK)
        #expect(status.st_mode & 0o777 == 0o660)
        #expect(try Chatctl.run(["--socket", path, "stats"]).status == 0)
        #expect(chatd.log.contains("admin=\(path)"))
        #expect(try chatd.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func secondChatdRefusesToStartOnALiveSocket() throws {
        let first = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: first.port)
        defer { withExtendedLifetime(alice) {} }
        let second = try Self.chatdFailing(adminSocket: first.adminSocketPath)
        #expect(second.status != 0)
        #expect(second.errors.contains("another chatd is already answering on \(first.adminSocketPath)"))
        // The first one's socket survived the attempt.
        let run = try Chatctl.run(["list"], against: first)
        #expect(run.status == 0)
        #expect(run.output.contains("alice"))
    }

    @Test func staleSocketIsReplaced() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sock").path
        try StaleSocket.create(at: path)
        let chatd = try ChatdProcess(arguments: ["--admin-socket", path])
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        defer { withExtendedLifetime(alice) {} }
        let run = try Chatctl.run(["--socket", path, "list"])
        #expect(run.status == 0)
        #expect(run.output.contains("alice"))
    }

    @Test func somethingElseAtThePathIsLeftAloneAndChatdDoesNotStart() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sock").path
        try "precious".write(toFile: path, atomically: true, encoding: .utf8)
        let attempt = try Self.chatdFailing(adminSocket: path)
        #expect(attempt.status != 0)
        #expect(attempt.errors.contains("\(path) exists and is not a socket"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")
    }

    @Test func failingToListenForChatRemovesTheNewAdminSocket() throws {
        let first = try ChatdProcess()
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sock").path
        let attempt = try Self.chatdFailing(adminSocket: path, listen: "127.0.0.1:\(first.port)")
        #expect(attempt.status != 0)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
