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
    /// Where the cursor was drawn last, for the resize check below.
    private var drawnCursorColumn = 0
    /// Resizes whose cursor position request is unanswered: the cursor
    /// column before the resize and the new width.
    private var pendingResizes: [(column: Int, width: Int)] = []

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

    func readInput() {
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
            if case .cursorPosition(_, let column) = key {
                cleanUpAfterReflow(reportedColumn: column)
            } else {
                apply(editor.handle(key, aliases: aliases))
            }
        }
    }

    func nextEvent(_ session: ChatSession) -> InputEvent? {
        queue.isEmpty ? nil : queue.removeFirst()
    }

    func show(_ line: StyledText) {
        output.write("\r\u{1B}[J" + line.rendered(colors: colors) + "\n")
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

    /// After a resize, terminals that re-wrap text (most do; xterm does
    /// not) may have split the old input line over several rows, and the
    /// ones above the cursor would stay as debris. Asking where the cursor
    /// ended up tells the two kinds apart; `cleanUpAfterReflow` acts on the
    /// answer.
    func refreshTerminal() {
        try? terminal.enterRawMode()
        let width = terminal.columns
        if drawnCursorColumn >= width, pendingResizes.count < 8 {
            pendingResizes.append((drawnCursorColumn, width))
            output.write("\u{1B}[6n")
        }
        drawInputLine()
    }

    func finish() {
        output.write("\r\u{1B}[J")
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

    /// A re-wrapping terminal puts the cursor at `column % width`; one that
    /// cuts lines instead leaves it in the last column. In the first case
    /// the input line began `column / width` rows up: draw it there again
    /// and clear what is below.
    private func cleanUpAfterReflow(reportedColumn: Int) {
        guard !pendingResizes.isEmpty else { return }
        let (column, width) = pendingResizes.removeFirst()
        let wrappedColumn = column % width
        guard wrappedColumn != width - 1, reportedColumn - 1 == wrappedColumn else { return }
        output.write("\u{1B}[\(column / width)A")
        drawInputLine()
    }

    /// Draws prompt and input on the current row and puts the cursor where
    /// the editor has it; only one row is ever used (see `InputLineLayout`).
    /// Clearing to the end of the screen rather than of the row is safe, as
    /// the input line is always the last thing shown.
    private func drawInputLine() {
        let layout = InputLineLayout(
            prompt: prompt, buffer: editor.buffer, cursor: editor.cursor, columns: terminal.columns)
        var out = "\r" + StyledText(layout.prompt, .sender).rendered(colors: colors)
        out += layout.visible + "\u{1B}[J\r"
        if layout.cursorColumn > 0 {
            out += "\u{1B}[\(layout.cursorColumn)C"
        }
        drawnCursorColumn = layout.cursorColumn
        output.write(out)
    }
}
