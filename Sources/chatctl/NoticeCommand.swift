import AdminProtocol
import ArgumentParser

struct NoticeCommand: AdminSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "notice",
        abstract: "Send every user a NOTICE line.",
        discussion: "The words are joined with single spaces; control characters are removed as from chat text."
    )

    @ParentCommand var parent: ChatctlCommand
    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "The text of the notice.")
    var text: [String]

    func validate() throws {
        if text.joined().isEmpty { throw ValidationError("the notice needs some text") }
    }

    func run(with client: AdminClient) throws(ChatctlError) {
        let arguments = NoticeArguments(text: text.joined(separator: " "))
        guard case .noticeSent(let outcome) = try client.perform(.notice(arguments)) else {
            throw .badAnswer("chatd answered 'notice' with another result")
        }
        print("notice sent to \(outcome.recipients == 1 ? "1 user" : "\(outcome.recipients) users")")
    }
}
