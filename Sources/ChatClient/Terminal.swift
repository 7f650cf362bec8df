import Glibc

/// The controlling terminal in raw mode: keys arrive one by one, nothing is
/// echoed, and Ctrl-C/Ctrl-Z are plain bytes the editor handles. Output
/// processing stays on, so "\n" still starts a new line at column 0.
final class Terminal {
    let input: Int32
    let output: Int32
    private let original: termios
    private var isRaw = false

    init(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) throws(ClientError) {
        self.input = input
        self.output = output
        var settings = termios()
        guard tcgetattr(input, &settings) == 0 else {
            throw .terminal(operation: "tcgetattr", errno: errno)
        }
        original = settings
    }

    static func isTerminal(_ fd: Int32) -> Bool {
        isatty(fd) == 1
    }

    func enterRawMode() throws(ClientError) {
        var raw = original
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR | BRKINT | ISTRIP | INPCK)
        raw.c_lflag &= ~tcflag_t(ECHO | ECHONL | ICANON | ISIG | IEXTEN)
        raw.c_cflag |= tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { controls in
            controls[Int(VMIN)] = 1
            controls[Int(VTIME)] = 0
        }
        guard tcsetattr(input, TCSAFLUSH, &raw) == 0 else {
            throw .terminal(operation: "tcsetattr", errno: errno)
        }
        isRaw = true
    }

    /// Puts back the settings found at start. Safe to call more than once.
    func restore() {
        guard isRaw else { return }
        var settings = original
        while tcsetattr(input, TCSADRAIN, &settings) != 0, errno == EINTR {}
        isRaw = false
    }

    /// The width in columns, 80 when the terminal does not say.
    var columns: Int {
        var size = winsize()
        guard ioctl(output, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
