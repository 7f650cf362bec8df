/// Fits the prompt and input line into one terminal row. A line wider than
/// the terminal scrolls sideways to keep the cursor in view instead of
/// wrapping, so redrawing it never has to know how many rows it covered —
/// which a resize would otherwise change behind our back.
public struct InputLineLayout: Equatable, Sendable {
    /// The prompt as it fits on the row.
    public var prompt: String
    /// The part of the buffer that is shown.
    public var visible: String
    /// Zero-based column of the cursor.
    public var cursorColumn: Int

    public init(prompt: String, visible: String, cursorColumn: Int) {
        self.prompt = prompt
        self.visible = visible
        self.cursorColumn = cursorColumn
    }

    /// - Parameter columns: terminal width. The last column is left empty
    ///   so the terminal never wraps the row.
    public init(prompt: String, buffer: [Character], cursor: Int, columns: Int) {
        let usable = max(1, columns - 1)
        var shownPrompt = Array(prompt)
        while !shownPrompt.isEmpty, DisplayWidth.of(String(shownPrompt)) > usable / 2 {
            shownPrompt.removeFirst()
        }
        let promptWidth = DisplayWidth.of(String(shownPrompt))
        let room = max(1, usable - promptWidth)
        let widths = buffer.map { DisplayWidth.of($0) }
        let cursor = max(0, min(buffer.count, cursor))

        var start = 0
        var widthToCursor = widths[..<cursor].reduce(0, +)
        while widthToCursor >= room, start < cursor {
            widthToCursor -= widths[start]
            start += 1
        }
        var end = start
        var used = 0
        while end < buffer.count, used + widths[end] <= room {
            used += widths[end]
            end += 1
        }
        self.prompt = String(shownPrompt)
        self.visible = String(buffer[start..<end])
        self.cursorColumn = promptWidth + widthToCursor
    }
}
