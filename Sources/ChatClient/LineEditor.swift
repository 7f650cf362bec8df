/// The input line as a state machine: keys in, buffer, cursor and history
/// out. Works on grapheme clusters, so one Left or Backspace moves over a
/// whole "é" (e + combining acute) or a wide CJK character, never half.
public struct LineEditor: Sendable {
    public private(set) var buffer: [Character] = []
    /// Index into `buffer`: the cursor sits before this character.
    public private(set) var cursor = 0
    public private(set) var history = InputHistory()
    private let completer = Completer()

    public init() {}

    public var text: String {
        String(buffer)
    }

    /// Takes one key. `aliases` are the completion candidates for Tab.
    public mutating func handle(_ key: Key, aliases: [String] = []) -> EditorAction {
        switch key {
        case .text(let text):
            insert(text)
            return .redraw
        case .enter:
            let line = text
            history.record(line)
            setLine("")
            return .submit(line)
        case .tab:
            return complete(aliases: aliases)
        case .backspace:
            guard cursor > 0 else { return .bell }
            cursor -= 1
            buffer.remove(at: cursor)
            return edited()
        case .delete:
            guard cursor < buffer.count else { return .bell }
            buffer.remove(at: cursor)
            return edited()
        case .left:
            return move(to: cursor - 1)
        case .right:
            return move(to: cursor + 1)
        case .wordLeft:
            return move(to: wordStart(before: cursor))
        case .wordRight:
            return move(to: wordEnd(after: cursor))
        case .home:
            return move(to: 0)
        case .end:
            return move(to: buffer.count)
        case .up:
            guard let older = history.older(than: text) else { return .bell }
            setLine(older)
            return .redraw
        case .down:
            guard let newer = history.newer() else { return .bell }
            setLine(newer)
            return .redraw
        case .control(let letter):
            return control(letter, aliases: aliases)
        case .cursorPosition:
            return .none
        }
    }

    /// Empties the line, as when the prompt changes meaning (asking for an
    /// alias again).
    public mutating func clear() {
        setLine("")
        history.reset()
    }

    private mutating func control(_ letter: Character, aliases: [String]) -> EditorAction {
        switch letter {
        case "a": return move(to: 0)
        case "e": return move(to: buffer.count)
        case "b": return move(to: cursor - 1)
        case "f": return move(to: cursor + 1)
        case "p": return handle(.up)
        case "n": return handle(.down)
        case "h": return handle(.backspace)
        case "u":
            guard cursor > 0 else { return .bell }
            buffer.removeFirst(cursor)
            cursor = 0
            return edited()
        case "k":
            guard cursor < buffer.count else { return .bell }
            buffer.removeLast(buffer.count - cursor)
            return edited()
        case "w":
            let start = wordStart(before: cursor)
            guard start < cursor else { return .bell }
            buffer.removeSubrange(start..<cursor)
            cursor = start
            return edited()
        case "c": return .leave
        case "d":
            if buffer.isEmpty { return .leave }
            return handle(.delete)
        case "l": return .clearScreen
        default: return .none
        }
    }

    /// Inserts text at the cursor. A combining mark typed after a letter
    /// joins it, because the text before the cursor is re-clustered.
    private mutating func insert(_ text: String) {
        let clean = String(String.UnicodeScalarView(text.unicodeScalars.filter { !$0.isTerminalUnsafe }))
        guard !clean.isEmpty else { return }
        let before = Array(String(buffer[..<cursor]) + clean)
        buffer = before + buffer[cursor...]
        cursor = before.count
        history.reset()
    }

    private mutating func complete(aliases: [String]) -> EditorAction {
        switch completer.complete(Array(buffer[..<cursor]), aliases: aliases) {
        case .replace(let wordLength, let replacement):
            buffer.removeSubrange((cursor - wordLength)..<cursor)
            cursor -= wordLength
            insert(replacement)
            return .redraw
        case .candidates(let candidates):
            return .showCandidates(candidates)
        case .noMatch:
            return .bell
        }
    }

    private mutating func move(to position: Int) -> EditorAction {
        let clamped = max(0, min(buffer.count, position))
        guard clamped != cursor else { return .none }
        cursor = clamped
        return .redraw
    }

    private mutating func edited() -> EditorAction {
        history.reset()
        return .redraw
    }

    private mutating func setLine(_ line: String) {
        buffer = Array(line)
        cursor = buffer.count
    }

    /// Start of the word before `position`, skipping spaces first, as
    /// Ctrl-W does in a shell.
    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0, buffer[index - 1].isWhitespace { index -= 1 }
        while index > 0, !buffer[index - 1].isWhitespace { index -= 1 }
        return index
    }

    private func wordEnd(after position: Int) -> Int {
        var index = position
        while index < buffer.count, buffer[index].isWhitespace { index += 1 }
        while index < buffer.count, !buffer[index].isWhitespace { index += 1 }
        return index
    }
}
