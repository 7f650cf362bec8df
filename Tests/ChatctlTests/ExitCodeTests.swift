import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Every exit status chatctl(8) documents, but 77 (see AccessTests).
@Suite struct ExitCodeTests {
    private static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chatctl-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func noSocketMeansNotRunning() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sock").path
        let run = try Chatctl.run(["list", "--socket", path])
        #expect(run.status == 69)
        #expect(run.errors == "chatctl: no chatd is listening on \(path)\n")

        let fromEnvironment = try Chatctl.run(["stats"], environment: ["CHATD_ADMIN_SOCKET": path])
        #expect(fromEnvironment.status == 69)
        #expect(fromEnvironment.errors.contains(path))
    }

    @Test func stoppedChatdLeavesNoSocketAndChatctlSaysNotRunning() throws {
        let chatd = try ChatdProcess()
        #expect(try Chatctl.run(["stats"], against: chatd).status == 0)
        #expect(try chatd.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: chatd.adminSocketPath))
        #expect(try Chatctl.run(["stats"], against: chatd).status == 69)
    }

    @Test func staleSocketFileMeansNotRunning() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("admin.sock").path
        try StaleSocket.create(at: path)
        let run = try Chatctl.run(["--socket", path, "list"])
        #expect(run.status == 69)
        #expect(run.errors.contains("no chatd is listening on \(path)"))
    }

    @Test func socketIsAcceptedBeforeOrAfterTheSubcommand() throws {
        let chatd = try ChatdProcess()
        #expect(try Chatctl.run(["--socket", chatd.adminSocketPath, "stats"]).status == 0)
        #expect(try Chatctl.run(["stats", "--socket", chatd.adminSocketPath]).status == 0)
        #expect(try Chatctl.run(["kick", "--socket", chatd.adminSocketPath, "nobody"]).status == 1)
    }

    @Test(arguments: [["frobnicate"], ["list", "--bogus"], ["stats", "extra"]])
    func usageErrorsExitSixtyFour(arguments: [String]) throws {
        let run = try Chatctl.run(arguments)
        #expect(run.status == 64)
        #expect(run.errors.contains("Usage:") || run.errors.contains("Error:"))
    }

    @Test func versionHelpAndCompletions() throws {
        let version = try Chatctl.run(["--version"])
        #expect(version.status == 0)
        #expect(version.output.hasPrefix("chatctl "))
        for command in [[], ["list"], ["kick"], ["notice"], ["stats"]] {
            let help = try Chatctl.run(command + ["--help"])
            #expect(help.status == 0, "\(command)")
            #expect(help.output.contains("--socket"), "\(command)")
        }
        for shell in ["bash", "zsh", "fish"] {
            let script = try Chatctl.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            #expect(script.output.contains("kick"))
        }
    }
}
