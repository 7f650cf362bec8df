import Foundation
import TestSupport

/// A program running in a real pseudo-terminal inside a private tmux
/// server: keys go in with send-keys, the screen comes back with
/// capture-pane, the way a person would see it.
final class TmuxPane: @unchecked Sendable {
    private let socketName = "chat-test-\(UUID().uuidString.prefix(12))"
    private let configPath: String

    /// Starts the shell command `command` in an 80×24 pane. When it ends,
    /// its exit status is printed as `[exit N]` and the pane stays: tmux's
    /// own `pane_dead_status` is not always filled in.
    init(command: String, columns: Int = 80, rows: Int = 24) throws {
        configPath = FileManager.default.temporaryDirectory.appendingPathComponent("\(socketName).conf").path
        let config = "set -g remain-on-exit on\nset -g status off\nset -g default-terminal screen\n"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let reporting = "\(command); echo \"[exit $?]\""
        try run(["new-session", "-d", "-s", "test", "-x", "\(columns)", "-y", "\(rows)", reporting], capturing: false)
    }

    deinit {
        _ = try? run(["kill-server"], capturing: false)
        try? FileManager.default.removeItem(atPath: configPath)
    }

    /// Types text literally.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", "test", "-l", text])
    }

    /// Presses keys by tmux name: Enter, Left, BSpace, Tab, Up, C-d, …
    func press(_ keys: String...) throws {
        try run(["send-keys", "-t", "test"] + keys)
    }

    func resize(columns: Int, rows: Int = 24) throws {
        try run(["resize-window", "-t", "test", "-x", "\(columns)", "-y", "\(rows)"])
    }

    /// The visible screen, one string per row, trailing blank rows removed.
    /// With `escapes`, colours and attributes are kept as SGR sequences.
    func screen(escapes: Bool = false) throws -> [String] {
        var rows = try run(["capture-pane", "-p", "-t", "test"] + (escapes ? ["-e"] : []))
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while let last = rows.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
            rows.removeLast()
        }
        return rows
    }

    var cursorColumn: Int {
        get throws { Int(try format("#{cursor_x}")) ?? -1 }
    }

    /// Waits until `condition` holds for the screen; the timeout only keeps
    /// a broken build from hanging the suite.
    @discardableResult
    func waitForScreen(
        timeout: Double = 30, escapes: Bool = false, _ what: String, until condition: ([String]) -> Bool
    ) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var rows: [String] = []
        while Date() < deadline {
            rows = try screen(escapes: escapes)
            if condition(rows) { return rows }
            usleep(50_000)
        }
        throw TestFailure("timed out waiting for \(what); screen:\n\(rows.joined(separator: "\n"))")
    }

    /// Waits for the screen to show a row containing `text`.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 30) throws -> [String] {
        try waitForScreen(timeout: timeout, "'\(text)'") { rows in rows.contains { $0.contains(text) } }
    }

    /// Waits for the last non-blank row (the input line) to be exactly `line`.
    func waitForInputLine(_ line: String, timeout: Double = 30) throws {
        try waitForScreen(timeout: timeout, "input line '\(line)'") { rows in
            rows.last.map { $0.trimmingTrailingSpaces == line } ?? false
        }
    }

    /// Waits for the command to end and returns its exit status.
    func waitForExit(timeout: Double = 30) throws -> Int32 {
        let rows = try waitForScreen(timeout: timeout, "the program to exit") { rows in
            rows.contains { Self.exitStatus(in: $0) != nil }
        }
        return rows.lazy.compactMap(Self.exitStatus(in:)).first ?? -1
    }

    private static func exitStatus(in row: String) -> Int32? {
        let text = row.trimmingTrailingSpaces
        guard text.hasPrefix("[exit "), text.hasSuffix("]") else { return nil }
        return Int32(text.dropFirst(6).dropLast())
    }

    private func format(_ format: String) throws -> String {
        try run(["display-message", "-p", "-t", "test", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a tmux command. Commands that may start the tmux server must not
    /// capture output: the daemon would inherit the pipe.
    @discardableResult
    private func run(_ arguments: [String], capturing: Bool = true) throws -> String {
        let tmux = try Subprocess(
            "/usr/bin/env", ["tmux", "-L", socketName, "-f", configPath] + arguments,
            environment: ["LC_ALL": "C.UTF-8", "TMUX": ""], pipes: capturing)
        if capturing {
            tmux.closeInput()
        }
        let status = try tmux.wait()
        let text = String(decoding: tmux.output + tmux.errors, as: UTF8.self)
        guard status == 0 || arguments == ["kill-server"] else {
            throw TestFailure("tmux \(arguments.joined(separator: " ")) failed with status \(status): \(text)")
        }
        return text
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " {
            text.removeLast()
        }
        return text
    }
}
