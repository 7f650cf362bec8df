import Glibc

/// Non-interactive mode: each input line is sent as typed, output is plain
/// text, and end of input means `/quit`. Input is read only while the
/// session takes it, so nothing is sent before the login completes.
final class PipeFrontend: Frontend {
    let inputFD: Int32 = STDIN_FILENO
    private let output = FileOutput(fd: STDOUT_FILENO)
    private var framer = LineFramer()
    private var queue: [InputEvent] = []
    private var reachedEnd = false

    func wantsToRead(_ session: ChatSession) -> Bool {
        session.wantsInput && queue.isEmpty && !reachedEnd
    }

    func readInput() {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = buffer.withUnsafeMutableBytes { read(inputFD, $0.baseAddress, $0.count) }
        if count > 0 {
            queue += framer.push(buffer[..<count]).map(InputEvent.line)
        } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
            if let last = framer.finish() {
                queue.append(.line(last))
            }
            queue.append(.leave)
            reachedEnd = true
        }
    }

    func nextEvent(_ session: ChatSession) -> InputEvent? {
        guard session.wantsInput, !queue.isEmpty else { return nil }
        return queue.removeFirst()
    }

    func show(_ line: StyledText) {
        output.write(line.plain + "\n")
    }

    func askForAlias() {}

    func update(_ session: ChatSession) {}

    func refreshTerminal() {}

    func finish() {}
}
