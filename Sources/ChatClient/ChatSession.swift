import ChatProtocol

/// The client's side of the chat protocol, free of I/O: server lines and
/// what the person typed go in, `SessionEffect`s come out. Both the
/// interactive and the pipe front end drive this same state machine.
public struct ChatSession: Sendable {
    public enum Phase: Equatable, Sendable {
        /// Connected (or connecting), waiting for the server's `NICK`.
        case connecting
        /// The server asked for an alias and we are waiting for the person.
        case choosingAlias
        /// Sent this alias, waiting for `WELCOME` or `ERR`.
        case loggingIn(String)
        case chatting(alias: String)
        /// Sent `/quit`, waiting for `BYE`.
        case leaving
        case ended
    }

    /// Client-side help shown after `/help` along with the server's lines.
    public static let clientHelp = [
        "client: plain text goes to everyone, /dm ALIAS TEXT to one person",
        "client: Tab completes aliases and commands; Up/Down recall sent lines",
        "client: Ctrl-A/Ctrl-E start/end of line; Ctrl-U/Ctrl-K delete before/after",
        "client: Ctrl-W deletes a word; Ctrl-L redraws the screen",
        "client: Ctrl-C, or Ctrl-D on an empty line, leaves with /quit",
    ]

    /// True when a person is at a terminal: refusals are explained and the
    /// alias asked for again instead of ending the program.
    public let interactive: Bool
    public let reconnects: Bool
    public private(set) var phase: Phase = .connecting
    public private(set) var directory = AliasDirectory()
    public private(set) var renderer = MessageRenderer()
    /// The alias to log in with without asking: the one given on the
    /// command line, later the one the server accepted (for reconnects).
    private var preferredAlias: String?
    private var hasLoggedIn = false
    private var lastRefusal: String?
    /// Set by `/help`: the client's own help goes right before the server's
    /// first `HELP` line, so the two read as one block.
    private var clientHelpPending = false

    public init(alias: String?, interactive: Bool, reconnects: Bool) {
        self.preferredAlias = alias.flatMap { $0.isEmpty ? nil : $0 }
        self.interactive = interactive
        self.reconnects = reconnects
    }

    /// Whether input lines are wanted now. Pipe mode reads standard input
    /// only then, so lines are not sent before the login completes.
    public var wantsInput: Bool {
        switch phase {
        case .choosingAlias, .chatting: true
        case .connecting, .loggingIn, .leaving, .ended: false
        }
    }

    public var ownAlias: String? {
        if case .chatting(let alias) = phase { return alias }
        return nil
    }

    /// The prompt in front of the input line.
    public var prompt: String {
        switch phase {
        case .choosingAlias: "alias: "
        case .chatting(let alias): "\(alias)> "
        case .connecting, .loggingIn: "(connecting) "
        case .leaving, .ended: ""
        }
    }

    /// A new connection is up (the first or a reconnect).
    public mutating func connected() {
        phase = .connecting
        lastRefusal = nil
    }

    /// One line from the server. It is made terminal-safe before anything
    /// else, so that no part of it (an alias that becomes the prompt or a
    /// completion, a refusal that becomes an exit message) can reach the
    /// terminal raw.
    public mutating func receive(_ received: String) -> [SessionEffect] {
        if phase == .ended { return [] }
        let line = received.terminalSafe
        guard let message = ServerLine(parsing: line) else {
            return [.show(renderer.renderUnrecognised(line))]
        }
        switch (phase, message) {
        case (.ended, _):
            return []
        case (_, .kicked):
            phase = .ended
            return [.show(renderer.render(message)), .exit(.kicked, message: nil)]
        case (_, .bye):
            phase = .ended
            return [.show(renderer.render(message)), .exit(.left, message: nil)]
        case (.connecting, .nick), (.loggingIn, .nick), (.choosingAlias, .nick):
            guard let alias = preferredAlias else {
                phase = .choosingAlias
                return [.askForAlias]
            }
            phase = .loggingIn(alias)
            return [.send(alias)]
        case (.connecting, .error(let why)), (.loggingIn, .error(let why)), (.choosingAlias, .error(let why)):
            return refused(why, message: message)
        case (.loggingIn, .welcome(let alias, _)), (.connecting, .welcome(let alias, _)):
            return welcomed(as: alias, message: message)
        case (_, .help) where clientHelpPending:
            clientHelpPending = false
            return Self.clientHelp.map { .show(StyledText($0, .dim)) } + [.show(renderer.render(message))]
        default:
            track(message)
            return [.show(renderer.render(message))]
        }
    }

    /// A line the person typed (or the next line of piped input).
    public mutating func submit(_ input: String) -> [SessionEffect] {
        switch phase {
        case .choosingAlias:
            let alias = input.trimmingSpaces
            guard !alias.isEmpty else { return [.askForAlias] }
            phase = .loggingIn(alias)
            return [.send(alias)]
        case .chatting:
            return chat(input)
        case .connecting, .loggingIn:
            guard !input.isEmpty else { return [] }
            return [.show(StyledText("*** not connected; not sent: \(input.terminalSafe)", .error))]
        case .leaving, .ended:
            return []
        }
    }

    /// Ctrl-C, Ctrl-D or end of input: leave politely with `/quit`, or at
    /// once if not logged in or a `/quit` is already under way.
    public mutating func leave() -> [SessionEffect] {
        switch phase {
        case .chatting:
            phase = .leaving
            return [.send("/quit")]
        case .ended:
            return []
        case .leaving:
            phase = .ended
            return [.exit(.left, message: nil)]
        case .connecting, .choosingAlias, .loggingIn:
            phase = .ended
            if interactive || hasLoggedIn {
                return [.exit(.left, message: nil)]
            }
            return [.exit(.notConnected, message: "end of input before the server accepted an alias")]
        }
    }

    /// The connection closed. `reason` says how, for the person.
    public mutating func disconnected(reason: String) -> [SessionEffect] {
        switch phase {
        case .ended:
            return []
        case .leaving:
            phase = .ended
            return [.exit(.left, message: nil)]
        case .chatting:
            let notice = SessionEffect.show(StyledText("*** \(reason)", .error))
            guard reconnects else {
                phase = .ended
                return [notice, .exit(.connectionLost, message: nil)]
            }
            phase = .connecting
            return [notice, .reconnect]
        case .connecting, .choosingAlias, .loggingIn:
            if reconnects, hasLoggedIn {
                phase = .connecting
                return [.show(StyledText("*** \(lastRefusal ?? reason)", .error)), .reconnect]
            }
            phase = .ended
            return [.exit(.notConnected, message: "cannot log in: \(lastRefusal ?? reason)")]
        }
    }

    /// Connecting failed; `reason` names the server and the cause.
    public mutating func connectFailed(reason: String) -> [SessionEffect] {
        if reconnects, hasLoggedIn {
            phase = .connecting
            return [.show(StyledText("*** \(reason)", .error)), .reconnect]
        }
        phase = .ended
        return [.exit(.notConnected, message: reason)]
    }

    private mutating func refused(_ why: String, message: ServerLine) -> [SessionEffect] {
        lastRefusal = why
        preferredAlias = nil
        if case .loggingIn(let alias) = phase, !interactive {
            phase = .ended
            return [.exit(.notConnected, message: "the server refused the alias \(alias): \(why)")]
        }
        phase = .connecting
        return [.show(renderer.render(message))]
    }

    private mutating func welcomed(as alias: String, message: ServerLine) -> [SessionEffect] {
        phase = .chatting(alias: alias)
        preferredAlias = alias
        hasLoggedIn = true
        renderer.ownAlias = alias
        directory.add(alias)
        var effects: [SessionEffect] = [.show(renderer.render(message)), .loggedIn]
        if interactive {
            effects.append(.send("/users"))
        }
        return effects
    }

    /// Decides what to echo from chatd's own reading of the line, so that a
    /// direct message shows exactly as its recipient gets it, and a line
    /// chatd will refuse shows nothing but chatd's `ERR`.
    private mutating func chat(_ input: String) -> [SessionEffect] {
        guard case .command(let command) = ClientCommand.read(input) else { return [] }
        var effects: [SessionEffect] = [.send(input)]
        switch command {
        case .quit:
            phase = .leaving
        case .help:
            clientHelpPending = true
        case .direct(let alias, let text):
            effects.append(.show(renderer.renderSentDirect(to: alias, text: text)))
        case .broadcast, .users, .unknown, .missingArguments:
            break
        }
        return effects
    }

    /// Learns who is around from what the server says.
    private mutating func track(_ message: ServerLine) {
        switch message {
        case .join(let alias), .message(let alias, _), .direct(let alias, _):
            directory.add(alias)
        case .leave(let alias, _):
            directory.remove(alias)
        case .users(let aliases):
            directory.replaceAll(with: aliases)
        default:
            break
        }
    }
}
