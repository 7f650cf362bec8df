import Foundation
import TestSupport

/// The real `chat` binary in pipe mode: standard input, output and error
/// are pipes the test holds.
final class PipedChat: @unchecked Sendable {
    private let process: Subprocess

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        var env = environment
        for name in ["NO_COLOR", "CHAT_ALIAS", "CHAT_HOST"] where env[name] == nil {
            env[name] = ""
        }
        process = try Subprocess(ChatCommand.path, arguments, environment: env, pipes: true)
    }

    func write(_ text: String) {
        process.write(text)
    }

    func closeInput() {
        process.closeInput()
    }

    /// Waits for the exit (the timeout only prevents a hang) and returns the
    /// status with everything written to standard output and error.
    func finish(timeout: Double = 30) throws -> (status: Int32, output: String, errors: String) {
        let status = try process.wait(timeout: timeout)
        return (status, String(decoding: process.output, as: UTF8.self), String(decoding: process.errors, as: UTF8.self))
    }

    /// Runs `chat` with `stdin` as its whole input.
    static func run(_ arguments: [String], stdin: String, environment: [String: String] = [:]) throws
        -> (status: Int32, output: String, errors: String)
    {
        let chat = try PipedChat(arguments, environment: environment)
        chat.write(stdin)
        chat.closeInput()
        return try chat.finish()
    }
}
