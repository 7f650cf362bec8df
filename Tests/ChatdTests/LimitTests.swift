import Foundation
import Testing
import TestSupport

/// Each limit of chatd.conf(5), shown by a test that fails when it is removed.
@Suite struct LimitTests {
    @Test func maxClientsRefusesTheNewcomerBeforeNick() throws {
        let chatd = try ChatdProcess(arguments: ["--max-clients", "2"])
        let first = try LineClient.loggedIn(as: "a", port: chatd.port)
        let second = try LineClient(port: chatd.port)
        try second.expect(prefix: "NICK")
        let third = try LineClient(port: chatd.port)
        #expect(try third.readLine() == "ERR server full")
        #expect(third.waitForClose())
        first.send("/quit")
        #expect(first.waitForClose())
        let fourth = try LineClient(port: chatd.port)
        #expect(try fourth.readLine().hasPrefix("NICK"))
    }

    @Test func maxClientsPerAddressCountsHandshakingConnections() throws {
        let chatd = try ChatdProcess(arguments: ["--max-clients-per-address", "2", "--limit-exempt", ""])
        let clients = try (0..<2).map { _ in try LineClient(port: chatd.port) }
        for client in clients { try client.expect(prefix: "NICK") }
        let extra = try LineClient(port: chatd.port)
        #expect(try extra.readLine().hasPrefix("ERR server full"))
        #expect(extra.waitForClose())
    }

    @Test func loopbackIsExemptFromThePerAddressLimitByDefault() throws {
        let chatd = try ChatdProcess(arguments: ["--max-clients-per-address", "1"])
        let clients = try (0..<3).map { _ in try LineClient(port: chatd.port) }
        for client in clients { try client.expect(prefix: "NICK") }
    }

    @Test func ipv4MappedPeersAreComparedAsIPv4() throws {
        // A dual-stack listener sees 127.0.0.1 as ::ffff:127.0.0.1; the exemption
        // for 127.0.0.0/8 must still apply.
        let chatd = try ChatdProcess(arguments: [
            "--listen", "[::]:0", "--max-clients-per-address", "1", "--limit-exempt", "127.0.0.0/8",
        ])
        let clients = try (0..<2).map { _ in try LineClient(port: chatd.port) }
        for client in clients { try client.expect(prefix: "NICK") }
    }

    @Test func handshakeTimeoutClosesSilentConnections() throws {
        let chatd = try ChatdProcess(arguments: ["--handshake-timeout", "1"])
        let silent = try LineClient(port: chatd.port)
        try silent.expect(prefix: "NICK")
        #expect(try silent.readLine().hasPrefix("ERR "))
        #expect(silent.waitForClose())
    }

    @Test func presenceIsAnnouncedOnlyUpToTheLimit() throws {
        let chatd = try ChatdProcess(arguments: ["--presence-limit", "2"])
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        #expect(try alice.readLine() == "JOIN bob")
        let carol = try LineClient.loggedIn(as: "carol", port: chatd.port)
        carol.send("/users")
        #expect(try carol.readLine() == "USERS alice bob carol")
        carol.send("/quit")
        #expect(carol.waitForClose())
        bob.send("marker")
        // No JOIN carol was announced; LEAVE carol is (2 users remain, within the limit).
        #expect(try alice.readLine() == "LEAVE carol quit")
        #expect(try alice.readLine() == "MSG bob marker")
    }

    @Test func floodingIsSlowedNotDropped() throws {
        let chatd = try ChatdProcess(arguments: ["--rate-limit", "20", "--rate-burst", "2"])
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        let flood = (1...40).map { "flood \($0)" }
        alice.sendRaw(Array(flood.map { $0 + "\n" }.joined().utf8))
        #expect(try bob.readLine() == "MSG alice flood 1")
        bob.send("overtake")
        // Throttled, alice's last lines arrive after bob's; unthrottled all 40
        // would have been relayed before chatd read bob's line.
        var seen: [String] = []
        while seen.count < 40 {
            seen.append(try bob.readLine())
        }
        let overtakeIndex = try #require(seen.firstIndex(of: "MSG bob overtake"))
        #expect(overtakeIndex < 39)
        #expect(seen.filter { $0.hasPrefix("MSG alice flood ") }.count == 39)
        #expect(seen.last == "MSG alice flood 40")
    }

    @Test func slowReaderIsDisconnectedWithoutSlowingOthers() throws {
        let chatd = try ChatdProcess(arguments: ["--rate-limit", "0", "--send-queue-bytes", "65536"])
        let sleeper = try LineClient.loggedIn(as: "sleeper", port: chatd.port)
        let talker = try LineClient.loggedIn(as: "talker", port: chatd.port)
        let listener = try LineClient.loggedIn(as: "listener", port: chatd.port)
        try talker.expect(prefix: "JOIN listener")
        let rssBefore = chatd.residentKiB
        let payload = String(repeating: "x", count: 4000)
        var othersSaw: [String] = []
        // 24 MB to each reader, more than loopback's socket buffers can hide.
        // Ten lines per round keeps the active readers within their queue.
        for round in 0..<600 {
            for line in 0..<10 { talker.send("\(round * 10 + line) \(payload)") }
            for client in [talker, listener] {
                var received = 0
                while received < 10 {
                    let line = try client.readLine()
                    if line.hasPrefix("MSG talker ") { received += 1 } else { othersSaw.append(line) }
                }
            }
        }
        #expect(othersSaw.contains("LEAVE sleeper send queue exceeded"))
        #expect(sleeper.waitForClose())
        // 16 MB went to each reader; chatd must not have kept the sleeper's share.
        if !Sanitizer.isActive { #expect(chatd.residentKiB - rssBefore < 12 * 1024) }
    }

    @Test func twoHundredClientsAllReceiveABroadcast() throws {
        let chatd = try ChatdProcess(arguments: ["--presence-limit", "1"])
        let clients = try (0..<200).map { try LineClient.loggedIn(as: "user\($0)", port: chatd.port) }
        clients[0].send("/users")
        let users = try clients[0].expect(prefix: "USERS")
        #expect(users.split(separator: " ").count == 201)
        clients[199].send("hello everyone")
        for client in clients {
            #expect(try client.expect(prefix: "MSG ") == "MSG user199 hello everyone")
        }
    }
}
