/// A line of text made of styled runs, built by the renderer and turned into
/// bytes only at the edge, with or without colour.
public struct StyledText: Equatable, Sendable {
    public struct Run: Equatable, Sendable {
        public var text: String
        public var style: TextStyle

        public init(_ text: String, _ style: TextStyle) {
            self.text = text
            self.style = style
        }
    }

    public private(set) var runs: [Run]

    public init(_ runs: [Run] = []) {
        self.runs = runs
    }

    public init(_ text: String, _ style: TextStyle = .plain) {
        self.runs = [Run(text, style)]
    }

    /// The text without styles: what pipe mode prints and what tests compare.
    public var plain: String {
        runs.map(\.text).joined()
    }

    public mutating func append(_ text: String, _ style: TextStyle = .plain) {
        guard !text.isEmpty else { return }
        if let last = runs.last, last.style == style {
            runs[runs.count - 1].text += text
        } else {
            runs.append(Run(text, style))
        }
    }

    public mutating func append(_ other: StyledText) {
        for run in other.runs {
            append(run.text, run.style)
        }
    }

    /// Terminal escape sequences in the output of `ANSIStyle`, one per style.
    public func rendered(colors: Bool) -> String {
        guard colors else { return plain }
        var out = ""
        for run in runs {
            let code = ANSIStyle.code(for: run.style)
            if code.isEmpty {
                out += run.text
            } else {
                out += code + run.text + ANSIStyle.reset
            }
        }
        return out
    }
}
