import Glibc

/// The single-threaded poll(2) loop over input, the server socket and the
/// signal pipe. All decisions are the session's; this only moves bytes and
/// keeps time for reconnects.
final class ClientLoop {
    private let options: ClientOptions
    private let frontend: Frontend
    private let signals: SignalForwarder?
    private var session: ChatSession
    private let connector: ServerConnector
    private var connection: (any ServerConnection)?
    private var framer = LineFramer()
    private var backoff = Backoff()
    /// Monotonic milliseconds at which to connect again.
    private var reconnectAt: Int64?
    private var termination: Termination?

    init(options: ClientOptions, connector: @escaping ServerConnector, frontend: Frontend, signals: SignalForwarder?, interactive: Bool) {
        self.options = options
        self.connector = connector
        self.frontend = frontend
        self.signals = signals
        self.session = ChatSession(alias: options.alias, interactive: interactive, reconnects: options.reconnect)
    }

    func run() -> Termination {
        connect()
        while termination == nil {
            drainInput()
            guard termination == nil else { break }
            waitAndDispatch()
        }
        if case .signal = termination, session.ownAlias != nil {
            connection?.send(line: "/quit")
        }
        return termination ?? .exit(.left, message: nil)
    }

    private func connect() {
        reconnectAt = nil
        framer = LineFramer()
        do {
            connection = try connector(options.host, options.port)
            session.connected()
            frontend.update(session)
        } catch {
            connection = nil
            if error.isPermanent {
                termination = .exit(.notConnected, message: error.description)
            } else {
                apply(session.connectFailed(reason: error.description))
            }
        }
    }

    private func drainInput() {
        while termination == nil, let event = frontend.nextEvent(session) {
            switch event {
            case .line(let line): apply(session.submit(line))
            case .leave: apply(session.leave())
            }
        }
    }

    private func waitAndDispatch() {
        var fds: [pollfd] = []
        let readsInput = frontend.wantsToRead(session)
        if readsInput {
            fds.append(pollfd(fd: frontend.inputFD, events: Int16(POLLIN), revents: 0))
        }
        if let connection {
            fds.append(pollfd(fd: connection.fd, events: Int16(POLLIN), revents: 0))
        }
        if let signals {
            fds.append(pollfd(fd: signals.readFD, events: Int16(POLLIN), revents: 0))
        }
        let ready = poll(&fds, nfds_t(fds.count), pollTimeout())
        if ready < 0 {
            if errno != EINTR {
                termination = .exit(.notConnected, message: ClientError.system(operation: "poll", errno: errno).description)
            }
            return
        }
        let readable = Int16(POLLIN | POLLHUP | POLLERR | POLLNVAL)
        for entry in fds where entry.revents & readable != 0 {
            if let signals, entry.fd == signals.readFD {
                handle(signals.drain())
            } else if let connection, entry.fd == connection.fd {
                readServer(connection)
            } else if readsInput, entry.fd == frontend.inputFD {
                frontend.readInput()
            }
            if termination != nil { return }
        }
        if let reconnectAt, Self.now() >= reconnectAt {
            connect()
        }
    }

    private func pollTimeout() -> Int32 {
        guard let reconnectAt else { return -1 }
        return Int32(clamping: max(0, reconnectAt - Self.now()))
    }

    private func readServer(_ connection: any ServerConnection) {
        switch connection.read() {
        case .data(let bytes):
            for line in framer.push(bytes) {
                apply(session.receive(line))
                if termination != nil { return }
            }
        case .closed:
            self.connection = nil
            apply(session.disconnected(reason: "the server closed the connection"))
        case .failed(let reason):
            self.connection = nil
            apply(session.disconnected(reason: "connection lost: \(reason)"))
        }
    }

    private func handle(_ received: [Int32]) {
        for signal in received {
            switch signal {
            case SIGWINCH, SIGCONT:
                frontend.refreshTerminal()
            default:
                termination = .signal(signal)
                return
            }
        }
    }

    private func apply(_ effects: [SessionEffect]) {
        for effect in effects {
            switch effect {
            case .send(let line):
                connection?.send(line: line)
            case .show(let line):
                frontend.show(stamped(line))
            case .askForAlias:
                frontend.update(session)
                frontend.askForAlias()
            case .loggedIn:
                backoff.reset()
            case .reconnect:
                connection = nil
                let delay = backoff.nextDelay()
                frontend.show(stamped(StyledText("*** reconnecting in \(delay) s", .presence)))
                reconnectAt = Self.now() + Int64(delay) * 1000
            case .exit(let status, let message):
                termination = .exit(status, message: message)
                return
            }
        }
        frontend.update(session)
    }

    private func stamped(_ line: StyledText) -> StyledText {
        guard options.timestamps else { return line }
        var result = StyledText(Timestamp.now() + " ", .dim)
        result.append(line)
        return result
    }

    private static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1000 + Int64(time.tv_nsec) / 1_000_000
    }
}
