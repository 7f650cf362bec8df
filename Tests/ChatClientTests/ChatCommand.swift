import Foundation
import TestSupport

/// Shell command lines for running the real `chat` binary in a pane, with
/// the environment made explicit so the caller's NO_COLOR, CHAT_ALIAS and
/// CHAT_HOST cannot leak in.
enum ChatCommand {
    static var path: String { Binaries.path("chat") }

    static func line(_ arguments: [String], environment: [String: String] = [:]) -> String {
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(quoted($0.value))" }
        let words = ["env", "-u", "NO_COLOR", "-u", "CHAT_ALIAS", "-u", "CHAT_HOST"] + assignments
            + [quoted(path)] + arguments.map(quoted)
        return words.joined(separator: " ")
    }

    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
