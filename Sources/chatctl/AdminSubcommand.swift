import AdminProtocol
import ArgumentParser
import Foundation

/// What every chatctl subcommand shares: finding the socket, asking chatd,
/// and turning failures into a message on standard error and an exit code.
protocol AdminSubcommand: ParsableCommand {
    var parent: ChatctlCommand { get }
    var connection: ConnectionOptions { get }

    func run(with client: AdminClient) throws(ChatctlError)
}

extension AdminSubcommand {
    func run() throws {
        let path = connection.socket ?? parent.connection.socket
            ?? AdminSocketLocation.clientDefault(environment: ProcessInfo.processInfo.environment) {
                FileManager.default.fileExists(atPath: $0)
            }
        do {
            try run(with: AdminClient(socketPath: path))
        } catch {
            FileHandle.standardError.write(Data("chatctl: \(error.description)\n".utf8))
            throw ExitCode(error.exitCode)
        }
    }

    /// Pretty, with stable key order, for scripts and people alike.
    func printJSON(_ value: some Encodable) throws(ChatctlError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw .badAnswer("cannot print the result as JSON: \(error)")
        }
    }
}
