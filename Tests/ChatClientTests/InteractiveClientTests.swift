import Foundation
import Testing
import TestSupport

/// The real `chat` in a real pseudo-terminal (tmux) against a real chatd.
@Suite(.serialized) struct InteractiveClientTests {
    /// chatd, `chat --alias alice` in a pane, and bob on a plain socket,
    /// with alice's screen settled on her prompt.
    private struct Room {
        let chatd: ChatdProcess
        let pane: TmuxPane
        let bob: LineClient

        init(arguments: [String] = [], environment: [String: String] = [:], columns: Int = 80) throws {
            chatd = try ChatdProcess()
            bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
            pane = try TmuxPane(
                command: ChatCommand.line(["--port", "\(chatd.port)", "--alias", "alice"] + arguments, environment: environment),
                columns: columns)
            try pane.waitFor("*** online (2): bob, alice")
            try pane.waitForInputLine("alice>")
            try bob.expect(prefix: "JOIN alice")
        }
    }

    @Test func incomingMessagesLeaveTheHalfTypedLineIntact() throws {
        let room = try Room()
        try room.pane.type("hello wor")
        try room.pane.waitForInputLine("alice> hello wor")
        room.bob.send("hi alice")
        room.bob.send("/dm alice just for you")
        room.bob.send("/bm a third line")
        let screen = try room.pane.waitFor("bob: a third line")
        #expect(screen.contains("bob: hi alice"))
        #expect(screen.contains("bob → you: just for you"))
        #expect(screen.last?.trimmingTrailingSpaces == "alice> hello wor")
        #expect(try room.pane.cursorColumn == 16)

        try room.pane.type("ld")
        try room.pane.press("Enter")
        #expect(try room.bob.expect(prefix: "MSG alice") == "MSG alice hello world")
        try room.pane.waitFor("alice: hello world")
        try room.pane.waitForInputLine("alice>")
    }

    @Test func editsUTF8WithWideCharactersAndCombiningMarks() throws {
        let room = try Room()
        try room.pane.type("a字e\u{301}z")
        try room.pane.press("Left", "Left")
        try room.pane.type("!")
        try room.pane.waitForInputLine("alice> a字!e\u{301}z")
        #expect(try room.pane.cursorColumn == 11)
        try room.pane.press("End", "BSpace", "BSpace")
        try room.pane.waitForInputLine("alice> a字!")
        #expect(try room.pane.cursorColumn == 11)
        try room.pane.press("C-w")
        try room.pane.type("ok")
        try room.pane.press("Enter")
        #expect(try room.bob.expect(prefix: "MSG alice") == "MSG alice ok")
    }

    @Test func upAndDownRecallHistory() throws {
        let room = try Room()
        for line in ["first", "second"] {
            try room.pane.type(line)
            try room.pane.press("Enter")
            try room.bob.expect(prefix: "MSG alice \(line)")
        }
        try room.pane.type("draft")
        try room.pane.press("Up", "Up")
        try room.pane.waitForInputLine("alice> first")
        try room.pane.press("Down", "Down")
        try room.pane.waitForInputLine("alice> draft")
        try room.pane.press("C-u", "Up", "Up", "Enter")
        #expect(try room.bob.expect(prefix: "MSG alice") == "MSG alice first")
    }

    @Test func tabCompletesAliasesLearntFromJoin() throws {
        let room = try Room()
        let carol = try LineClient.loggedIn(as: "carol", port: room.chatd.port)
        try room.pane.waitFor("*** carol joined")
        try room.pane.type("/dm ca")
        try room.pane.press("Tab")
        try room.pane.waitForInputLine("alice> /dm carol")
        try room.pane.type("psst")
        try room.pane.press("Enter")
        #expect(try carol.expect(prefix: "DM") == "DM alice psst")
        try room.pane.waitFor("you → carol: psst")
    }

    @Test(arguments: ["C-d", "C-c"])
    func controlKeysLeaveWithQuitAndRestoreTheTerminal(key: String) throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = directory.appendingPathComponent("before").path
        let after = directory.appendingPathComponent("after").path
        let chat = ChatCommand.line(["--port", "\(chatd.port)", "--alias", "alice"])
        let pane = try TmuxPane(command: "stty -g > \(before); \(chat); status=$?; stty -g > \(after); (exit $status)")
        try pane.waitForInputLine("alice>")
        try pane.press(key)
        #expect(try pane.waitForExit() == 0)
        #expect(try bob.expect(prefix: "LEAVE alice").hasPrefix("LEAVE alice"))
        let saved = try String(contentsOfFile: before, encoding: .utf8)
        #expect(try String(contentsOfFile: after, encoding: .utf8) == saved)
    }

    @Test func theTerminalIsRestoredWhenKilledBySIGTERM() throws {
        let chatd = try ChatdProcess()
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chat-tty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = directory.appendingPathComponent("before").path
        let after = directory.appendingPathComponent("after").path
        let pid = directory.appendingPathComponent("pid").path
        let chat = ChatCommand.line(["--port", "\(chatd.port)", "--alias", "alice"])
        let pane = try TmuxPane(
            command: "stty -g > \(before); sh -c 'echo $$ > \(pid); exec \(chat.replacingOccurrences(of: "'", with: "'\\''"))'; "
                + "status=$?; stty -g > \(after); (exit $status)")
        try pane.waitForInputLine("alice>")
        try pane.type("half a line")
        try pane.waitForInputLine("alice> half a line")
        let chatPID = try #require(Int32(String(contentsOfFile: pid, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        kill(chatPID, SIGTERM)
        #expect(try pane.waitForExit() == 128 + SIGTERM)
        try bob.expect(prefix: "LEAVE alice")
        let saved = try String(contentsOfFile: before, encoding: .utf8)
        #expect(try String(contentsOfFile: after, encoding: .utf8) == saved)
    }

    @Test func aResizedTerminalGetsTheInputLineRedrawnToFit() throws {
        let room = try Room()
        let long = String(repeating: "abcdefghij", count: 6)
        try room.pane.type(long)
        try room.pane.waitForInputLine("alice> " + long)
        try room.pane.resize(columns: 30)
        let screen = try room.pane.waitForScreen("the input line to fit 30 columns") { rows in
            guard let last = rows.last?.trimmingTrailingSpaces else { return false }
            return last.hasPrefix("alice> ") && last.hasSuffix("ghij") && last.count < 30
        }
        #expect(try room.pane.cursorColumn < 30)
        #expect(screen.last?.trimmingTrailingSpaces.hasSuffix("abcdefghij") == true)
        try room.pane.waitForScreen("the re-wrapped old input line to be cleared") { rows in
            rows.filter { $0.contains("abc") }.count == 1
        }
        try room.pane.press("Enter")
        #expect(try room.bob.expect(prefix: "MSG alice") == "MSG alice \(long)")
    }

    @Test func asksForAnAliasAndExplainsARefusal() throws {
        let chatd = try ChatdProcess()
        let pane = try TmuxPane(command: ChatCommand.line(["--port", "\(chatd.port)"]))
        try pane.waitForInputLine("alias:")
        try pane.type("root")
        try pane.press("Enter")
        try pane.waitFor("error: ")
        try pane.waitForInputLine("alias:")
        try pane.type("alice")
        try pane.press("Enter")
        try pane.waitForInputLine("alice>")
    }

    @Test func coloursByDefaultAndNeverWithNO_COLOR() throws {
        let colourful = try Room()
        colourful.bob.send("/dm alice hello")
        let coloured = try colourful.pane.waitForScreen(escapes: true, "a coloured DM") { rows in
            rows.contains { $0.contains("bob → you: hello") && $0.contains("\u{1B}[") }
        }
        #expect(!coloured.isEmpty)

        let plain = try Room(environment: ["NO_COLOR": "1"])
        plain.bob.send("/dm alice hello")
        try plain.pane.waitFor("bob → you: hello")
        #expect(try plain.pane.screen(escapes: true).allSatisfy { !$0.contains("\u{1B}[") })
    }

    @Test func kickedByAnAdministratorEndsWithStatusTwo() throws {
        let room = try Room()
        let chatctl = try Subprocess(
            Binaries.path("chatctl"), ["--socket", room.chatd.adminSocketPath, "kick", "alice", "--reason", "be nice"])
        try #require(try chatctl.wait() == 0)
        try room.pane.waitFor("*** you were kicked out by an administrator: be nice")
        #expect(try room.pane.waitForExit() == 2)
        try room.bob.expect(prefix: "LEAVE alice")
    }
}
