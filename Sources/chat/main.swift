import ArgumentParser
import ChatClient
import ChatClientTLS
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

    @Option(help: "The server's TCP port (default 55555, or 55556 with --tls).")
    var port: Int?

    @Flag(help: "Encrypt with TLS and verify the server's certificate (default: $CHAT_TLS=1).")
    var tls = false

    @Option(name: .customLong("ca-file"), help: "With --tls, trust only the CA certificates in this PEM file instead of the system's.")
    var caFile: String?

    @Option(help: "Log in with this alias instead of asking (default: $CHAT_ALIAS).")
    var alias: String?

    @Flag(help: "Show the time of arrival in front of each line.")
    var timestamps = false

    @Flag(help: "When the connection is lost, connect again and log back in with the same alias.")
    var reconnect = false

    func validate() throws {
        if let port, !(1...65535).contains(port) {
            throw ValidationError("--port must be between 1 and 65535")
        }
        if caFile != nil, !usesTLS {
            throw ValidationError("--ca-file needs --tls")
        }
    }

    private var usesTLS: Bool { tls || environment("CHAT_TLS") == "1" }

    func run() throws {
        let noColor = environment("NO_COLOR") != nil
        let dumbTerminal = environment("TERM") == "dumb"
        let options = ClientOptions(
            host: host ?? environment("CHAT_HOST") ?? "localhost",
            port: port ?? (usesTLS ? 55556 : 55555),
            alias: alias ?? environment("CHAT_ALIAS"),
            timestamps: timestamps,
            reconnect: reconnect,
            colorsAllowed: !noColor && !dumbTerminal
        )
        guard usesTLS else { Client.run(options) }
        let caFile = self.caFile
        Client.run(options) { host, port throws(ClientError) in
            try TLSConnection.connect(host: host, port: port, caFile: caFile)
        }
    }

    /// The variable's value; unset and empty are the same here.
    private func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }
}

Chat.main()
