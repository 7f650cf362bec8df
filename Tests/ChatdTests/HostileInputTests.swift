import Foundation

#if canImport(Glibc)
import Glibc
#endif
import Testing
import TestSupport

/// Attacks on the real chatd over real sockets, each followed by proof that
/// the other users were not disturbed.
@Suite struct HostileInputTests {
    /// `chatctl stats` as JSON, straight off the admin socket.
    private func statistics(_ chatd: ChatdProcess) throws -> [String: Any] {
        let admin = try LineClient(unixSocketPath: chatd.adminSocketPath)
        admin.send(#"{"version":1,"command":"stats"}"#)
        let answer = try JSONSerialization.jsonObject(with: Data(try admin.readLine().utf8)) as? [String: Any]
        return answer?["result"] as? [String: Any] ?? [:]
    }

    private func roundTrip(_ from: LineClient, _ to: LineClient, _ text: String) throws {
        from.send(text)
        try to.expect(prefix: "MSG ")
    }

    @Test func bareNewlinesBeforeLoginEndTheConnectionAndNobodyElseNotices() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let attackers = try (0..<5).map { _ in try LineClient(port: chatd.port) }
        for attacker in attackers {
            attacker.sendRaw([UInt8](repeating: UInt8(ascii: "\n"), count: 20_000))
        }
        try roundTrip(alice, bob, "still here")
        for attacker in attackers {
            let lines = attacker.drain(timeout: 1)
            #expect(lines.filter { $0.hasPrefix("ERR") }.count == 6)
            #expect(lines.last == "ERR 5 aliases refused, goodbye")
            #expect(attacker.waitForClose())
        }
        #expect(try statistics(chatd)["connectionsOpen"] as? Int == 2)
    }

    @Test func quitReasonsDoNotGrowTheStatistics() throws {
        let chatd = try ChatdProcess()
        for index in 0..<40 {
            let user = try LineClient.loggedIn(as: "u\(index)", port: chatd.port)
            user.send("/quit reason number \(index)")
            try user.expect(prefix: "BYE")
        }
        let counts = try statistics(chatd)["disconnectionsByReason"] as? [String: Int]
        #expect(counts == ["quit": 40])
    }

    @Test func aQuitReasonCannotForgeLogFields() throws {
        let chatd = try ChatdProcess(arguments: ["--log-target", "stderr"])
        let mallory = try LineClient.loggedIn(as: "mallory", port: chatd.port)
        mallory.send("/quit bye event=kicked admin-uid=0")
        try mallory.expect(prefix: "BYE")
        let deadline = Date().addingTimeInterval(10)
        while !chatd.log.contains("user left"), Date() < deadline { usleep(20_000) }
        let left = chatd.log.split(separator: "\n").first { $0.contains("user left") } ?? ""
        let quoted = #"reason="bye event=kicked admin-uid=0""#
        #expect(left.contains(quoted))
        let fields = left.replacingOccurrences(of: quoted, with: "")
        #expect(fields.contains("event=left"))
        #expect(!fields.contains("event=kicked"))
        #expect(!fields.contains("admin-uid"))
    }

    @Test func separatorsAndZalgoDoNotReachOtherTerminals() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        alice.send("one\u{2028}two\u{2029}three")
        #expect(try bob.readLine() == "MSG alice onetwothree")
        alice.send("Z" + String(repeating: "\u{0301}", count: 500))
        let relayed = try bob.readLine()
        #expect(relayed == "MSG alice Z" + String(repeating: "\u{0301}", count: 30))
    }
}

/// The admin socket under a client that pipelines and never reads, and under many clients.
@Suite struct AdminSocketAbuseTests {
    @Test func aPipeliningClientThatNeverReadsCannotGrowChatd() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        // Enough users that every answer to `list` is a few kilobytes.
        let crowd = try (0..<30).map { try LineClient.loggedIn(as: "user\($0)", port: chatd.port) }
        let baseline = chatd.residentKiB
        let greedy = try LineClient(unixSocketPath: chatd.adminSocketPath)
        _ = fcntl(greedy.descriptor, F_SETFL, fcntl(greedy.descriptor, F_GETFL) | O_NONBLOCK)
        let request = Array(#"{"version":1,"command":"list"}"#.utf8) + [10]
        let batch = Array(repeating: request, count: 512).flatMap { $0 }
        var accepted = 0
        let until = Date().addingTimeInterval(3)
        while Date() < until {
            let sent = batch.withUnsafeBytes { send(greedy.descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent > 0 { accepted += sent } else { usleep(10_000) }
        }
        alice.send("chat goes on")
        try bob.expect(prefix: "MSG alice chat goes on")
        // What the kernel buffers, not what chatd answered: chatd stopped reading.
        #expect(accepted < 16 << 20)
        // Without back-pressure chatd holds every answer: tens of megabytes here.
        if !Sanitizer.isActive { #expect(chatd.residentKiB - baseline < 8 * 1024) }
        _ = crowd
    }

    @Test func aSilentAdminConnectionIsClosedAndAnActiveOneIsNot() throws {
        let chatd = try ChatdProcess(arguments: ["--admin-idle-timeout", "2"])
        let silent = try LineClient(unixSocketPath: chatd.adminSocketPath)
        let active = try LineClient(unixSocketPath: chatd.adminSocketPath)
        #expect(!silent.waitForClose(timeout: 1))
        // Each request restarts the active one's timer: it outlives the silent one.
        for _ in 0..<6 {
            active.send(#"{"version":1,"command":"stats"}"#)
            #expect(try active.readLine().contains(#""ok":true"#))
            usleep(500_000)
        }
        #expect(silent.waitForClose(timeout: 10))
        active.send(#"{"version":1,"command":"stats"}"#)
        #expect(try active.readLine().contains(#""ok":true"#))
    }

    @Test func atMostThirtyTwoAdminConnectionsAreOpenAtOnce() throws {
        let chatd = try ChatdProcess()
        let open = try (0..<32).map { _ in try LineClient(unixSocketPath: chatd.adminSocketPath) }
        for connection in open {
            connection.send(#"{"version":1,"command":"stats"}"#)
            #expect(try connection.readLine().contains(#""ok":true"#))
        }
        let extra = try LineClient(unixSocketPath: chatd.adminSocketPath)
        #expect(try extra.readLine().contains("too-many-connections"))
        #expect(extra.waitForClose())
        _ = open
    }
}
