import AdminProtocol
import ArgumentParser
import Foundation

struct ListCommand: AdminSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List every connected user.",
        discussion: "Columns: alias, peer address, when the user connected (local time), idle time, messages sent, output queued in bytes."
    )

    @ParentCommand var parent: ChatctlCommand
    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print {\"users\": [...]} as JSON (fields in chatctl(8)).")
    var json = false

    func run(with client: AdminClient) throws(ChatctlError) {
        guard case .users(let list) = try client.perform(.list) else { throw .badAnswer("chatd answered 'list' with another result") }
        if json {
            try printJSON(list)
        } else {
            print(UserTable.render(list.users, timeZone: .current), terminator: "")
        }
    }
}
