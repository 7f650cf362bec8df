import ArgumentParser
import ChatClient
import Glibc

/// `chat`: the terminal client for chatd. Parses the command line and hands
/// over to `Client`.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Chat with the people on a chatd server.",
        discussion: """
            On a terminal, chat edits the input line in place and keeps it intact while \
            messages arrive. Otherwise it sends each input line and prints what arrives, \
            and sends /quit at end of input. See chat(1).
            """
    )

    @Option(help: "The server's host name or address (default: $CHAT_HOST, else localhost).")
    var host: String?

    @Option(help: "The server's TCP port.")
    var port: Int = 55555

    @Option(help: "Log in with this alias instead of asking (default: $CHAT_ALIAS).")
    var alias: String?

    @Flag(help: "Show the time of arrival in front of each line.")
    var timestamps = false

    @Flag(help: "When the connection is lost, connect again and log back in with the same alias.")
    var reconnect = false

    func validate() throws {
        guard (1...65535).contains(port) else {
            throw ValidationError("--port must be between 1 and 65535")
        }
    }

    func run() throws {
        let noColor = environment("NO_COLOR") != nil
        let dumbTerminal = environment("TERM") == "dumb"
        Client.run(
            ClientOptions(
                host: host ?? environment("CHAT_HOST") ?? "localhost",
                port: port,
                alias: alias ?? environment("CHAT_ALIAS"),
                timestamps: timestamps,
                reconnect: reconnect,
                colorsAllowed: !noColor && !dumbTerminal
            )
        )
    }

    /// The variable's value; unset and empty are the same here.
    private func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

Chat.main()
