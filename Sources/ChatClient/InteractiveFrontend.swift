import Glibc

/// A person at a terminal: raw-mode input through `LineEditor`, incoming
/// lines printed above the input line, which is then drawn again as it was.
final class InteractiveFrontend: Frontend {
    private let terminal: Terminal
    private let output: FileOutput
    private let colors: Bool
    private var decoder = KeyDecoder()
    private var editor = LineEditor()
    private var queue: [InputEvent] = []
    private var prompt = ""
    private var aliases: [String] = []
    private var reachedEnd = false

    var inputFD: Int32 { terminal.input }

    init(terminal: Terminal, colors: Bool) throws(ClientError) {
        self.terminal = terminal
        self.output = FileOutput(fd: terminal.output)
        self.colors = colors
        try terminal.enterRawMode()
    }

    func wantsToRead(_ session: ChatSession) -> Bool {
        !reachedEnd
    }

    func readInput(_ session: ChatSession) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(inputFD, $0.baseAddress, $0.count) }
        guard count > 0 else {
            if count == 0 || (errno != EINTR && errno != EAGAIN) {
                reachedEnd = true
                queue.append(.leave)
            }
            return
        }
        for key in decoder.push(buffer[..<count]) {
            apply(editor.handle(key, aliases: aliases))
        }
    }

    func nextEvent(_ session: ChatSession) -> InputEvent? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    func show(_ line: StyledText) {
        output.write("\r\u{1B}[K" + line.rendered(colors: colors) + "\n")
        drawInputLine()
    }

    func askForAlias() {
        editor.clear()
        drawInputLine()
    }

    func update(_ session: ChatSession) {
        aliases = session.directory.candidates(excluding: session.ownAlias)
        guard session.prompt != prompt else { return }
        prompt = session.prompt
        drawInputLine()
    }

    func refreshTerminal() {
        try? terminal.enterRawMode()
        drawInputLine()
    }

    func finish() {
        output.write("\r\u{1B}[K")
        terminal.restore()
    }

    private func apply(_ action: EditorAction) {
        switch action {
        case .none:
            break
        case .redraw:
            drawInputLine()
        case .submit(let line):
            queue.append(.line(line))
            drawInputLine()
        case .leave:
            queue.append(.leave)
        case .clearScreen:
            output.write("\u{1B}[H\u{1B}[2J")
            drawInputLine()
        case .showCandidates(let candidates):
            show(StyledText(candidates.joined(separator: "  "), .dim))
        case .bell:
            output.write("\u{07}")
        }
    }

    /// Draws prompt and input on the current row and puts the cursor where
    /// the editor has it; only one row is ever used (see `InputLineLayout`).
    private func drawInputLine() {
        let layout = InputLineLayout(
            prompt: prompt, buffer: editor.buffer, cursor: editor.cursor, columns: terminal.columns)
        var out = "\r" + StyledText(layout.prompt, .sender).rendered(colors: colors)
        out += layout.visible + "\u{1B}[K\r"
        if layout.cursorColumn > 0 {
            out += "\u{1B}[\(layout.cursorColumn)C"
        }
        output.write(out)
    }
}
