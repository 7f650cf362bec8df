import Foundation
import Testing
import TestSupport

/// docs/admin-protocol.md, spoken raw over the admin socket.
@Suite struct WireTests {
    private func response(_ line: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(line)")
        }
        return object
    }

    private func errorCode(_ line: String) throws -> String? {
        let object = try response(line)
        #expect(object["ok"] as? Bool == false)
        return (object["error"] as? [String: Any])?["code"] as? String
    }

    @Test func badRequestsGetErrorsAndTheConnectionStaysUsable() throws {
        let chatd = try ChatdProcess()
        let admin = try LineClient(unixSocketPath: chatd.adminSocketPath)
        let cases: [(String, String)] = [
            ("this is not json", "malformed-request"),
            ("{\"version\":1", "malformed-request"),
            ("{\"version\":1}", "malformed-request"),
            ("{\"version\":2,\"command\":\"list\"}", "unsupported-version"),
            ("{\"command\":\"list\"}", "unsupported-version"),
            ("{\"version\":1,\"command\":\"reboot\"}", "unknown-command"),
            ("{\"version\":1,\"command\":\"kick\",\"arguments\":{}}", "invalid-arguments"),
            ("{\"version\":1,\"command\":\"kick\",\"arguments\":{\"alias\":\"x\",\"banSeconds\":-5}}", "invalid-arguments"),
            ("{\"version\":1,\"command\":\"kick\",\"arguments\":{\"alias\":\"x\",\"banAddress\":true}}", "invalid-arguments"),
            ("{\"version\":1,\"command\":\"kick\",\"arguments\":{\"alias\":\"nobody\"}}", "no-such-user"),
        ]
        for (request, code) in cases {
            admin.send(request)
            #expect(try errorCode(admin.readLine()) == code, "\(request)")
        }
        admin.sendRaw(Array("\u{FF}\u{FE}\n".utf8) + [0xFF, 0x0A])
        #expect(try errorCode(admin.readLine()) == "malformed-request")
        #expect(try errorCode(admin.readLine()) == "malformed-request")
        admin.send("{\"version\":1,\"command\":\"stats\"}")
        let stats = try response(admin.readLine())
        #expect(stats["ok"] as? Bool == true)
        #expect((stats["result"] as? [String: Any])?["uptimeSeconds"] != nil)
    }

    @Test func versionMismatchIsExplained() throws {
        let chatd = try ChatdProcess()
        let admin = try LineClient(unixSocketPath: chatd.adminSocketPath)
        admin.send("{\"version\":99,\"command\":\"list\"}")
        let error = try #require(response(admin.readLine())["error"] as? [String: Any])
        #expect(error["code"] as? String == "unsupported-version")
        #expect((error["message"] as? String)?.contains("version 99") == true)
    }

    @Test func oversizedRequestIsRefusedAndClosedWithoutDisturbingChat() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let admin = try LineClient(unixSocketPath: chatd.adminSocketPath)
        admin.sendRaw(Array("{\"version\":1,\"command\":\"notice\",\"arguments\":{\"text\":\"".utf8) + [UInt8](repeating: 0x61, count: 70 * 1024))
        #expect(try errorCode(admin.readLine()) == "request-too-large")
        #expect(admin.waitForClose())
        alice.send("still chatting")
        #expect(try alice.readLine() == "MSG alice still chatting")
    }

    @Test func requestJustUnderTheCapIsServed() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let prefix = "{\"version\":1,\"command\":\"notice\",\"arguments\":{\"text\":\""
        let suffix = "\"}}"
        let text = String(repeating: "n", count: 64 * 1024 - prefix.utf8.count - suffix.utf8.count)
        let admin = try LineClient(unixSocketPath: chatd.adminSocketPath)
        admin.send(prefix + text + suffix)
        #expect(try response(admin.readLine())["ok"] as? Bool == true)
        #expect(try alice.readLine(timeout: 30) == "NOTICE " + text)
    }

    @Test func severalRequestsOnOneConnectionAreAnsweredInOrder() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        defer { withExtendedLifetime(alice) {} }
        let admin = try LineClient(unixSocketPath: chatd.adminSocketPath)
        admin.sendRaw(Array("{\"version\":1,\"command\":\"list\"}\n{\"version\":1,\"command\":\"nope\"}\r\n{\"version\":1,\"command\":\"stats\"}\n".utf8))
        let list = try response(admin.readLine())
        #expect(((list["result"] as? [String: Any])?["users"] as? [Any])?.count == 1)
        #expect(try errorCode(admin.readLine()) == "unknown-command")
        #expect((try response(admin.readLine())["result"] as? [String: Any])?["usersOnline"] as? Int == 1)
        admin.shutdownWriting()
        #expect(admin.waitForClose())
    }

    @Test func manyConcurrentAdminConnectionsAreServedAlongsideChat() throws {
        let chatd = try ChatdProcess()
        let alice = try LineClient.loggedIn(as: "alice", port: chatd.port)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        try alice.expect(prefix: "JOIN bob")
        let admins = try (0..<32).map { _ in try LineClient(unixSocketPath: chatd.adminSocketPath) }
        for (index, admin) in admins.enumerated() {
            admin.send("{\"version\":1,\"command\":\"stats\"}")
            if index % 8 == 0 { alice.send("chat \(index)") }
        }
        for admin in admins {
            #expect(try response(admin.readLine())["ok"] as? Bool == true)
        }
        for index in stride(from: 0, to: 32, by: 8) {
            #expect(try bob.readLine() == "MSG alice chat \(index)")
        }
        // Idle admin connections do not hold chat back either.
        bob.send("done")
        #expect(try alice.expect(prefix: "MSG bob") == "MSG bob done")
    }
}
