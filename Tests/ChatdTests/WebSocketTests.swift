import Foundation
import Testing
import TestSupport

/// The web listener against the real chatd: the page, the WebSocket that
/// speaks the chat protocol one line per message, and what it refuses.
@Suite struct WebSocketTests {
    private struct Web {
        let chatd: ChatdProcess
        let port: Int

        init(_ arguments: [String] = []) throws {
            port = try FreePort.find()
            chatd = try ChatdProcess(arguments: ["--listen-web", "127.0.0.1:\(port)"] + arguments)
        }

        func chatctl(_ arguments: [String]) throws -> [String: Any] {
            let result = try Subprocess.run(Binaries.path("chatctl"), ["--socket", chatd.adminSocketPath] + arguments + ["--json"])
            guard result.status == 0 else { throw TestFailure("chatctl \(arguments) failed: \(result.errors)") }
            return try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any] ?? [:]
        }

        /// One HTTP request; the status, the headers (names in lower case) and the body.
        func get(_ path: String, method: String = "GET") throws -> (status: Int, headers: [String: String], body: String) {
            let client = try LineClient(port: port)
            client.sendRaw(Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8))
            let status = Int(try client.readLine().split(separator: " ").dropFirst().first ?? "") ?? 0
            var headers: [String: String] = [:]
            while true {
                let line = try client.readLine().trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty { break }
                if let colon = line.firstIndex(of: ":") {
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let body = method == "HEAD" ? [] : try client.readBytes(length)
            return (status, headers, String(decoding: body, as: UTF8.self))
        }
    }

    @Test func thePageIsServedWithItsSecurityHeaders() throws {
        let web = try Web()
        let page = try web.get("/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.headers["x-content-type-options"] == "nosniff")
        #expect(page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(page.headers["content-security-policy"]?.contains("unsafe-inline") == false)
        #expect(page.body.contains("<script src=\"/chat.js\" defer></script>"))
        #expect(!page.body.contains("<script>"))
        let script = try web.get("/chat.js")
        #expect(script.status == 200 && script.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(script.body.contains("textContent") && !script.body.contains("innerHTML"))
        #expect(try web.get("/chat.css").status == 200)
        #expect(try web.get("/nothing").status == 404)
        #expect(try web.get("/", method: "POST").status == 405)
        #expect(try web.get("/chat").status == 426)
    }

    @Test func oneRequestIsAnsweredPerConnectionAndASilentOneEnds() throws {
        let web = try Web()
        let pipelining = try LineClient(port: web.port)
        pipelining.sendRaw(Array(String(repeating: "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", count: 50).utf8))
        let answers = pipelining.drain(timeout: 1).filter { $0.hasPrefix("HTTP/1.1 ") }
        #expect(answers == ["HTTP/1.1 200 OK\r"])
        #expect(pipelining.waitForClose())

        let silent = try LineClient(port: web.port)
        #expect(silent.waitForClose(timeout: 20))
        #expect(try web.get("/").status == 200)
    }

    @Test func aCrowdOfSilentConnectionsIsTurnedAwayAndChatGoesOn() throws {
        let web = try Web()
        let tom = try LineClient.loggedIn(as: "tom", port: web.chatd.port)
        var silent: [LineClient] = []
        for _ in 0..<256 { silent.append(try LineClient(port: web.port)) }
        // chatd sets connections up in the order it accepts them: this one comes after all 256.
        let turnedAway = try LineClient(port: web.port)
        #expect(turnedAway.waitForClose(timeout: 5))
        tom.send("/users")
        #expect(try tom.readLine() == "USERS tom")
        silent.removeAll()
        var served = false
        for _ in 0..<50 where !served {
            served = (try? web.get("/").status) == 200
            if !served { usleep(100_000) }
        }
        #expect(served)
    }

    @Test func aBrowserUserChatsWithATerminalUser() throws {
        let web = try Web()
        let webby = try WebSocketClient.loggedIn(as: "webby", port: web.port)
        #expect(webby.headers["sec-websocket-protocol"] == "text.chatd")
        let tom = try LineClient.loggedIn(as: "tom", port: web.chatd.port)
        #expect(try webby.readText() == "JOIN tom")

        webby.send(text: "hello from the web")
        #expect(try tom.readLine() == "MSG webby hello from the web")
        #expect(try webby.readText() == "MSG webby hello from the web")
        tom.send("/dm webby psst")
        #expect(try webby.readText() == "DM tom psst")
        webby.send(text: "/dm tom back")
        #expect(try tom.readLine() == "DM webby back")
        webby.send(text: "/users")
        #expect(try webby.readText() == "USERS webby tom")
        webby.send(text: "/help")
        #expect(try webby.readText().hasPrefix("HELP "))

        let users = try web.chatctl(["list"])["users"] as? [[String: Any]] ?? []
        #expect(users.first { $0["alias"] as? String == "webby" }?["transport"] as? String == "web")
        #expect(try web.chatctl(["stats"])["webConnectionsOpen"] as? Int == 1)

        webby.send(text: "/quit gone")
        #expect(try webby.expect(prefix: "BYE") == "BYE")
        #expect(try webby.closeFrame().closeCode == 1000)
        #expect(try tom.readLine() == "LEAVE webby gone")
    }

    @Test func aClientAskingForNoSubprotocolIsServedToo() throws {
        let web = try Web()
        let client = try WebSocketClient(port: web.port)
        #expect(client.status == 101)
        #expect(client.headers["sec-websocket-protocol"] == nil)
        try client.expect(prefix: "NICK")
    }

    @Test func foreignOriginsMissingOriginsAndUnknownSubprotocolsAreRefused() throws {
        let web = try Web(["--web-allowed-origins", "https://chat.example.org"])
        #expect(try WebSocketClient(port: web.port, origin: nil).status == 403)
        #expect(try WebSocketClient(port: web.port, origin: "https://evil.example").status == 403)
        #expect(try WebSocketClient(port: web.port, subprotocols: ["xmpp"]).status == 403)
        #expect(try WebSocketClient(port: web.port, origin: "https://chat.example.org").status == 101)
        #expect(try WebSocketClient(port: web.port, origin: "HTTP://127.0.0.1:\(web.port)").status == 101)
        // Nobody refused became a member; the TCP chat is untouched.
        let tom = try LineClient.loggedIn(as: "tom", port: web.chatd.port)
        tom.send("/users")
        #expect(try tom.readLine() == "USERS tom")
    }

    @Test func hostileMessagesGetTheRightCloseCodeAndNobodyElseNotices() throws {
        let web = try Web(["--max-line-bytes", "100"])
        let tom = try LineClient.loggedIn(as: "tom", port: web.chatd.port)
        var codes: [Int?] = []
        let attacks: [(WebSocketClient) -> Void] = [
            { $0.send(.binary, [1, 2, 3]) },
            { $0.send(text: "two\nlines") },
            { $0.send(text: String(repeating: "x", count: 101)) },
            { client in
                client.send(.text, Array(String(repeating: "y", count: 40).utf8), fin: false)
                for _ in 0..<2 { client.send(.continuation, Array(String(repeating: "y", count: 40).utf8), fin: false) }
                client.send(.continuation, Array("end".utf8))
            },
            { client in
                client.send(.text, Array("first".utf8), fin: false)
                client.send(.text, Array("second".utf8))
            },
        ]
        for attack in attacks {
            let client = try WebSocketClient.loggedIn(as: "mallory", port: web.port)
            attack(client)
            codes.append(try client.closeFrame().closeCode)
            _ = tom.drain(timeout: 0.2)
        }
        #expect(codes == [1003, 1008, 1009, 1009, 1002])

        let client = try WebSocketClient.loggedIn(as: "eve", port: web.port)
        client.send(.text, [0x68, 0xFF, 0x69])
        #expect(try client.readText() == "ERR line is not valid UTF-8, discarded")
        client.send(.ping, Array("are you there".utf8))
        let pong = try client.readFrame()
        #expect(pong.opcode == WebSocketClient.Opcode.pong.rawValue && pong.text == "are you there")
        client.send(.text, Array("still ".utf8), fin: false)
        client.send(.continuation, Array("here".utf8))
        #expect(try client.expect(prefix: "MSG eve") == "MSG eve still here")
        #expect(try tom.expect(prefix: "MSG eve") == "MSG eve still here")
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() throws {
        let forwarded = [("X-Forwarded-For", "203.0.113.9")]
        let untrusting = try Web()
        let first = try WebSocketClient.loggedIn(as: "viaproxy", port: untrusting.port, extraHeaders: forwarded)
        let seen = try untrusting.chatctl(["list"])["users"] as? [[String: Any]] ?? []
        #expect((seen.first?["peer"] as? String)?.hasPrefix("127.0.0.1:") == true)

        let trusting = try Web(["--web-trusted-proxies", "127.0.0.1"])
        let second = try WebSocketClient.loggedIn(as: "viaproxy", port: trusting.port, extraHeaders: forwarded)
        let real = try trusting.chatctl(["list"])["users"] as? [[String: Any]] ?? []
        #expect((real.first?["peer"] as? String)?.hasPrefix("203.0.113.9") == true)
        withExtendedLifetime((first, second)) {}
    }
}
