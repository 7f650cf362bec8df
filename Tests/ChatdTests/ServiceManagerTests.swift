import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// chatd as systemd runs it, with systemd's own tools: sockets passed by
/// `systemd-socket-activate`, and the sd_notify protocol on a real socket.
@Suite struct ServiceManagerTests {
    static let socketActivate = "/usr/bin/systemd-socket-activate"

    private func connectWhenListening(port: Int) throws -> LineClient {
        let deadline = Date().addingTimeInterval(20)
        while true {
            do {
                return try LineClient(port: port)
            } catch {
                guard Date() < deadline else { throw error }
                usleep(20_000)
            }
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: socketActivate)))
    func socketActivationServesOnFirstConnectAndClosesUnknownSockets() throws {
        let port = try FreePort.find()
        let spare = try FreePort.find()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-activate-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let activator = Process()
        activator.executableURL = URL(fileURLWithPath: Self.socketActivate)
        // The fd names arrive in the listed order here; chatd must not rely on it,
        // so the chat socket is deliberately not first.
        let adminSocket = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-activate-\(port).sock").path
        defer { unlink(adminSocket) }
        activator.arguments = [
            "-l", adminSocket, "-l", "127.0.0.1:\(spare)", "-l", "127.0.0.1:\(port)", "--fdname=admin:bogus:chat",
            Binaries.path("chatd"), "--listen", "127.0.0.1:1", "--admin-socket", "/nonexistent/unused.sock",
        ]
        activator.standardError = FileHandle(forWritingAtPath: log.path)
        try activator.run()
        defer {
            kill(activator.processIdentifier, SIGKILL)
            activator.waitUntilExit()
        }
        let alice = try connectWhenListening(port: port)
        try alice.expect(prefix: "NICK")
        alice.send("alice")
        try alice.expect(prefix: "WELCOME alice")
        let bob = try LineClient.loggedIn(as: "bob", port: port)
        try alice.expect(prefix: "JOIN bob")
        bob.send("/quit")
        #expect(try alice.readLine() == "LEAVE bob quit")
        // The admin socket systemd passed is served as is.
        let admin = try LineClient(unixSocketPath: adminSocket)
        admin.send(#"{"version": 1, "command": "list"}"#)
        let listing = try admin.readLine()
        #expect(listing.contains(#""ok":true"#) || listing.contains(#""ok": true"#))
        #expect(listing.contains(#""alice""#))
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        #expect(text.contains("fd-name=bogus"))
        #expect(text.contains("listen=127.0.0.1:\(port)"))
    }

    /// The listen backlog of 127.0.0.1:`port` as the kernel reports it (`ss`'s Send-Q).
    private func listenBacklog(port: Int) throws -> Int? {
        guard let ss = popen("ss -Hltn 'sport = :\(port)'", "r") else { throw TestFailure("cannot run ss") }
        var output = ""
        var chunk = [CChar](repeating: 0, count: 512)
        while fgets(&chunk, Int32(chunk.count), ss) != nil {
            output += String(decoding: chunk.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        pclose(ss)
        let fields = output.split(whereSeparator: { $0 == " " || $0 == "\n" })
        return fields.count > 2 ? Int(fields[2]) : nil
    }

    /// The exit status of `process`, reaped here: Foundation's own wait does not return in this test runner.
    private func exitStatus(of process: Process, timeout: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let reaped = waitpid(process.processIdentifier, &status, WNOHANG)
            if reaped == process.processIdentifier { return (status >> 8) & 0xFF }
            if reaped < 0 { return process.isRunning ? nil : process.terminationStatus }
            usleep(20_000)
        }
        return nil
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: socketActivate)))
    func theBacklogSystemdSetIsKept() throws {
        let port = try FreePort.find()
        let activator = Process()
        activator.executableURL = URL(fileURLWithPath: Self.socketActivate)
        activator.arguments = [
            "-l", "127.0.0.1:\(port)", "--fdname=chat",
            Binaries.path("chatd"), "--admin-socket", FileManager.default.temporaryDirectory.appendingPathComponent("chatd-backlog-\(port).sock").path,
        ]
        activator.standardError = FileHandle.nullDevice
        try activator.run()
        defer {
            kill(activator.processIdentifier, SIGKILL)
            activator.waitUntilExit()
        }
        let alice = try connectWhenListening(port: port)
        let before = try #require(try listenBacklog(port: port))
        try alice.expect(prefix: "NICK")
        #expect(before > 128)
        // chatd restores the backlog just after NIO adopts the socket, which
        // may be a moment after the first NICK: wait for it, not for ever.
        let deadline = Date().addingTimeInterval(10)
        var after = try listenBacklog(port: port)
        while after != before, Date() < deadline {
            usleep(20_000)
            after = try listenBacklog(port: port)
        }
        #expect(after == before)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: socketActivate)))
    func aSocketOfTheWrongKindIsNeverServed() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-wrong-\(UUID().uuidString.prefix(8)).sock").path
        defer { unlink(path) }
        let activator = Process()
        activator.executableURL = URL(fileURLWithPath: Self.socketActivate)
        activator.arguments = ["-l", path, "--fdname=chat", Binaries.path("chatd"), "--log-target", "stderr"]
        let errors = Pipe()
        activator.standardError = errors
        try activator.run()
        defer { kill(activator.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(20)
        var trigger: LineClient?
        while trigger == nil, Date() < deadline {
            trigger = try? LineClient(unixSocketPath: path)
            if trigger == nil { usleep(20_000) }
        }
        #expect(exitStatus(of: activator) == 78)
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(text.contains("must be a listening TCP stream socket"))
        #expect(text.contains("AF_UNIX stream socket, listening"))
    }

    @Test func notifiesReadyStatusWatchdogReloadAndStopping() throws {
        let notify = try NotifyListener()
        let chatd = try ChatdProcess(environment: ["NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "1000000"])
        var messages: [String] = []
        func next(_ predicate: (String) -> Bool) throws -> String {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                let message = try notify.receive()
                messages.append(message)
                if predicate(message) { return message }
            }
            throw TestFailure("the awaited notification never came; got \(messages)")
        }
        let ready = try next { $0.contains("READY=1") }
        #expect(ready.contains("STATUS="))
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let status = try next { $0.contains("STATUS=1 users online") }
        #expect(status.contains("peak 1"))
        _ = try next { $0 == "WATCHDOG=1" }

        kill(chatd.pid, SIGHUP)
        let reloading = try next { $0.contains("RELOADING=1") }
        let monotonic = reloading.split(separator: "\n").first { $0.hasPrefix("MONOTONIC_USEC=") }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let microseconds = try #require(monotonic.flatMap { UInt64($0.dropFirst("MONOTONIC_USEC=".count)) })
        #expect(microseconds <= UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec / 1000))
        _ = try next { $0.contains("READY=1") }

        kill(chatd.pid, SIGTERM)
        _ = try next { $0.contains("STOPPING=1") }
        #expect(try alice.expect(prefix: "NOTICE").contains("shutting down"))
        #expect(try chatd.stop() == 0)
    }
}
