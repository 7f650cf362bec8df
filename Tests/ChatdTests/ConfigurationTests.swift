import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// How chatd reads its settings, against the real binary.
@Suite struct ConfigurationTests {
    private func configFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-\(UUID().uuidString.prefix(8)).conf").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aFileWithCRLFLineEndsIsReadLikeOneWithLF() throws {
        let path = try configFile("# saved on Windows\r\nmax-clients = 1\r\nreserved-aliases = zed\r\n")
        let chatd = try ChatdProcess(arguments: ["--config", path])
        let first = try LineClient(port: chatd.port)
        first.send("zed")
        #expect(try first.expect(prefix: "ERR").contains("reserved"))
        let second = try LineClient(port: chatd.port)
        #expect(try second.readLine() == "ERR server full")
    }

    @Test func anEmptyLimitExemptFlagExemptsNobody() throws {
        let chatd = try ChatdProcess(arguments: ["--max-clients-per-address", "1", "--limit-exempt="])
        let first = try LineClient(port: chatd.port)
        try first.expect(prefix: "NICK")
        let second = try LineClient(port: chatd.port)
        #expect(try second.readLine().hasPrefix("ERR server full"))
    }

    @Test func aReloadAppliesTheLogLevel() throws {
        let path = try configFile("log-level = info\n")
        let chatd = try ChatdProcess(arguments: ["--config", path, "--log-target", "stderr"])
        let deadline = Date().addingTimeInterval(20)
        func waitForLog(_ text: String) {
            while !chatd.log.contains(text), Date() < deadline { usleep(20_000) }
        }
        try "log-level = warning\n".write(toFile: path, atomically: true, encoding: .utf8)
        kill(chatd.pid, SIGHUP)
        waitForLog("configuration reloaded")
        let quiet = try LineClient.loggedIn(as: "quiet", port: chatd.port)
        quiet.send("/users")
        try quiet.expect(prefix: "USERS")
        try "log-level = info\n".write(toFile: path, atomically: true, encoding: .utf8)
        kill(chatd.pid, SIGHUP)
        var loud: [LineClient] = []
        while !chatd.log.contains("alias=loud"), Date() < deadline {
            loud.append(try LineClient.loggedIn(as: "loud\(loud.count)", port: chatd.port))
            usleep(50_000)
        }
        #expect(chatd.log.contains("alias=loud"))
        #expect(!chatd.log.contains("alias=quiet"))
    }
}
