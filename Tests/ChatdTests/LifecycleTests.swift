import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite struct LifecycleTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func signalSaysGoodbyeAndExitsZero(signal: Int32) throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let pending = try LineClient(port: chatd.port)
        try pending.expect(prefix: "NICK")
        try alice.expect(prefix: "JOIN bob")
        #expect(try chatd.stop(signal: signal) == 0)
        for client in [alice, bob] {
            #expect(try client.readLine().hasPrefix("NOTICE "))
            #expect(client.waitForClose())
        }
        #expect(pending.waitForClose())
        #expect(chatd.log.contains("event=stopped"))
    }

    @Test func shutdownDoesNotWaitForeverOnAClientThatNeverReads() throws {
        let chatd = try ChatdProcess(arguments: ["--rate-limit", "0", "--send-queue-bytes", "67108864"])
        let sleeper = try LineClient.loggedIn(as: "sleeper", port: chatd.port)
        let talker = try LineClient.loggedIn(as: "talker", port: chatd.port)
        // 20 MB: more than loopback's socket buffers, less than the sleeper's
        // queue, so its goodbye stays queued behind output it never reads.
        let payload = String(repeating: "z", count: 4000)
        for round in 0..<5000 {
            talker.send("\(round) \(payload)")
            try talker.expect(prefix: "MSG talker \(round) ")
        }
        // Signals during the grace period change nothing: still a clean exit 0.
        kill(chatd.pid, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        let storm: [Int32] = [SIGTERM, SIGINT, SIGHUP]
        var sent = 0
        while chatd.process.isRunning, Date() < deadline {
            kill(chatd.pid, storm[sent % storm.count])
            sent += 1
            usleep(5_000)
        }
        #expect(!chatd.process.isRunning)
        #expect(chatd.process.terminationReason == .exit)
        #expect(chatd.process.terminationStatus == 0)
        #expect(sleeper.waitForClose())
    }

    @Test func hangupsWhileStartingAreHarmless() throws {
        let port = try FreePort.find()
        let chatd = Process()
        chatd.executableURL = URL(fileURLWithPath: Binaries.path("chatd"))
        let admin = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-hup-\(port).sock").path
        chatd.arguments = ["--listen", "127.0.0.1:\(port)", "--admin-socket", admin]
        chatd.standardError = FileHandle.nullDevice
        try chatd.run()
        defer {
            kill(chatd.processIdentifier, SIGKILL)
            unlink(admin)
        }
        let deadline = Date().addingTimeInterval(20)
        var client: LineClient?
        while client == nil, chatd.isRunning, Date() < deadline {
            kill(chatd.processIdentifier, SIGHUP)
            client = try? LineClient(port: port)
            usleep(1_000)
        }
        #expect(chatd.isRunning)
        try #require(client).send("alice")
        #expect(try #require(client).expect(prefix: "WELCOME").hasPrefix("WELCOME alice"))
    }

    @Test func configFileIsReadAndFlagsWin() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-conf-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("chatd.conf").path
        try "# test\nmax-clients = 1\nreserved-aliases = alice\n".write(toFile: config, atomically: true, encoding: .utf8)
        let chatd = try ChatdProcess(arguments: ["--config", config, "--max-clients", "3"])
        let first = try LineClient(port: chatd.port)
        try first.expect(prefix: "NICK")
        first.send("alice")
        #expect(try first.readLine().hasPrefix("ERR "))
        let second = try LineClient(port: chatd.port)
        #expect(try second.readLine().hasPrefix("NICK"))
    }

    @Test func badConfigurationExitsWithEXCONFIG() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Binaries.path("chatd"))
        process.arguments = ["--max-line-bytes", "10", "--listen", "127.0.0.1:0"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 78)
        #expect(message.contains("max-line-bytes"))
    }

    @Test func logsNeverContainMessageText() throws {
        let chatd = try ChatdProcess(arguments: ["--log-level", "trace"])
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        alice.send("secret-broadcast-text")
        alice.send("/dm alice secret-direct-text")
        try alice.expect(prefix: "DM ")
        alice.send("/quit secret-reason-is-fine")
        #expect(alice.waitForClose())
        try chatd.stop()
        #expect(chatd.log.contains("alias=alice"))
        #expect(!chatd.log.contains("secret-broadcast-text"))
        #expect(!chatd.log.contains("secret-direct-text"))
    }
}
