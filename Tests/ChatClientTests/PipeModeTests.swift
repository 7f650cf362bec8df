import Foundation
import Glibc
import Testing
import TestSupport

/// `chat` with pipes instead of a terminal, against a real chatd.
@Suite struct PipeModeTests {
    @Test func sendsEachLineAndQuitsAtEndOfInput() throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let result = try PipedChat.run(
            ["--port", "\(chatd.port)", "--alias", "bot"], stdin: "/users\nhello bob\n/dm bob psst\n")
        #expect(result.status == 0)
        #expect(result.errors == "")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("*** online (2): bob, bot"))
        #expect(lines.contains("bot: hello bob"))
        #expect(lines.contains("you → bob: psst"))
        #expect(lines.last == "*** you left the chat")
        #expect(!result.output.contains("\u{1B}"))
        try bob.expect(prefix: "JOIN bot")
        #expect(try bob.readLine() == "MSG bot hello bob")
        #expect(try bob.readLine() == "DM bot psst")
        #expect(try bob.readLine().hasPrefix("LEAVE bot"))
    }

    /// The echo comes from chatd's own parse: what the sender sees is what the recipient got.
    @Test func theEchoOfADirectMessageIsWhatTheRecipientGets() throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let result = try PipedChat.run(
            ["--port", "\(chatd.port)", "--alias", "bot"],
            stdin: "/dm bob  fine thanks\n/DM bob hi\n/dm  bob hi\n"
        )
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.contains("you → bob:  fine thanks"))
        #expect(lines.contains("you → bob: hi"))
        #expect(lines.filter { $0.hasPrefix("you → ") }.count == 2)
        #expect(lines.contains("error: usage: /dm <alias> <text>"))
        try bob.expect(prefix: "JOIN bot")
        #expect(try bob.readLine() == "DM bot  fine thanks")
        #expect(try bob.readLine() == "DM bot hi")
    }

    @Test func rendersWhatArrivesForPeople() throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let chat = try PipedChat(["--port", "\(chatd.port)", "--alias", "bot"])
        try bob.expect(prefix: "JOIN bot")
        bob.send("hi bot")
        bob.send("/dm bot secret")
        bob.send("/users")
        try bob.expect(prefix: "USERS")
        let carol = try LineClient.loggedIn(as: "carol", port: chatd.port)
        carol.send("/quit gone fishing")
        try carol.expect(prefix: "BYE")
        chat.write("/bogus\n")
        chat.closeInput()
        let result = try chat.finish()
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("bob: hi bot"))
        #expect(lines.contains("bob → you: secret"))
        #expect(lines.contains("*** carol joined"))
        #expect(lines.contains("*** carol left (gone fishing)"))
        #expect(lines.contains("error: unknown command /bogus (try /help)"))
    }

    @Test func helpShowsTheServersCommandsAndTheClients() throws {
        let chatd = try ChatdProcess()
        let result = try PipedChat.run(["--port", "\(chatd.port)", "--alias", "bot"], stdin: "/help\n")
        #expect(result.status == 0)
        #expect(result.output.contains("/users"))
        #expect(result.output.contains("client: Tab completes aliases"))
    }

    @Test func timestampsPrefixEveryLine() throws {
        let chatd = try ChatdProcess()
        let result = try PipedChat.run(["--port", "\(chatd.port)", "--alias", "bot", "--timestamps"], stdin: "/users\n")
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let clock = Array(line.prefix(6))
            #expect(clock.count == 6 && clock[2] == ":" && clock[5] == " ", "\(line)")
            #expect([0, 1, 3, 4].allSatisfy { clock.count == 6 && clock[$0].isNumber }, "\(line)")
        }
        #expect(lines.contains { $0.hasSuffix(" *** online (1): bot") })
    }

    @Test func readsTheAliasFromTheEnvironmentOrTheFirstLine() throws {
        let chatd = try ChatdProcess()
        let fromEnvironment = try PipedChat.run(
            ["--port", "\(chatd.port)"], stdin: "/users\n", environment: ["CHAT_ALIAS": "envbot"])
        #expect(fromEnvironment.output.contains("*** online (1): envbot"))
        let fromInput = try PipedChat.run(["--port", "\(chatd.port)"], stdin: "linebot\n/users\n")
        #expect(fromInput.status == 0)
        #expect(fromInput.output.contains("*** online (1): linebot"))
    }

    @Test func aRefusedAliasExitsOneWithTheReasonOnStandardError() throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let result = try PipedChat.run(["--port", "\(chatd.port)", "--alias", "BOB"], stdin: "hello\n")
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("chat: the server refused the alias BOB: "))
        #expect(bob.drain().isEmpty)
    }

    @Test func cannotConnectExitsOne() throws {
        let closed = try ClosedPort()
        let result = try PipedChat.run(["--port", "\(closed.port)", "--alias", "bot"], stdin: "")
        #expect(result.status == 1)
        #expect(result.errors == "chat: cannot connect to localhost port \(closed.port): Connection refused\n")
    }

    @Test func serverShutdownExitsThree() throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let chat = try PipedChat(["--port", "\(chatd.port)", "--alias", "bot"])
        try bob.expect(prefix: "JOIN bot")
        try chatd.stop()
        let result = try chat.finish()
        #expect(result.status == 3)
        #expect(result.output.contains("[server] "))
        #expect(result.output.contains("*** the server closed the connection"))
    }

    @Test func reconnectLogsBackInWithTheSameAlias() throws {
        let first = try ChatdProcess()
        let port = first.port
        let bob = try LineClient.loggedIn(as: "bob", port: port)
        let chat = try PipedChat(["--port", "\(port)", "--alias", "bot", "--reconnect"])
        try bob.expect(prefix: "JOIN bot")
        try first.stop()
        let second = try ChatdProcess(arguments: ["--listen", "127.0.0.1:\(port)"])
        let carol = try LineClient.loggedIn(as: "carol", port: second.port)
        let deadline = Date().addingTimeInterval(30)
        var users: [Substring] = []
        while !users.contains("bot"), Date() < deadline {
            carol.send("/users")
            users = try carol.expect(prefix: "USERS").split(separator: " ")
            usleep(100_000)
        }
        #expect(users.contains("bot"))
        chat.closeInput()
        let result = try chat.finish()
        #expect(result.status == 0)
        #expect(result.output.contains("*** reconnecting in 1 s"))
    }
}
