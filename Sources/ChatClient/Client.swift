import Glibc

/// The whole `chat` program behind its argument parsing: picks interactive
/// or pipe mode, runs the loop, and makes sure the terminal is restored
/// before anything is printed to standard error or the process ends.
public enum Client {
    /// `connector` plain TCP by default; `chat --tls` passes TLS.
    public static func run(_ options: ClientOptions, connector: @escaping ServerConnector = { host, port throws(ClientError) in try TCPConnection.connect(host: host, port: port) }) -> Never {
        let interactive = Terminal.isTerminal(STDIN_FILENO) && Terminal.isTerminal(STDOUT_FILENO)
        let termination: Termination
        var signals: SignalForwarder?
        do throws(ClientError) {
            if interactive {
                signals = try SignalForwarder(signals: [SIGWINCH, SIGCONT, SIGTERM, SIGINT, SIGHUP])
                let frontend = try InteractiveFrontend(terminal: try Terminal(), colors: options.colorsAllowed)
                let loop = ClientLoop(options: options, connector: connector, frontend: frontend, signals: signals, interactive: true)
                termination = loop.run()
                frontend.finish()
            } else {
                let loop = ClientLoop(options: options, connector: connector, frontend: PipeFrontend(), signals: nil, interactive: false)
                termination = loop.run()
            }
        } catch {
            termination = .exit(.notConnected, message: error.description)
        }
        switch termination {
        case .exit(let status, let message):
            if let message {
                FileOutput(fd: STDERR_FILENO).write("chat: \(message)\n")
            }
            exit(status.rawValue)
        case .signal(let signal):
            guard let signals else { exit(128 + signal) }
            signals.terminate(by: signal)
        }
    }
}
