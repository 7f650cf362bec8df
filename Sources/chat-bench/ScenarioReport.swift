import Foundation

/// What one scenario run measured: a few lines for people, one JSON line for scripts.
struct ScenarioReport: Sendable {
    /// `fanout`, `dm`, `connect`, `coldstart` or `cluster`: the JSON `scenario` field.
    let scenario: String
    /// The run's setting in words, for the table's heading.
    let title: String
    let parameters: [Figure]
    let figures: [Figure]
    /// Problems the clients met (ERR lines, connections chatd closed), if any.
    let problems: [String]

    subscript(key: String) -> Double? {
        (parameters + figures).first { $0.key == key }?.value
    }

    /// Nothing lost, nothing refused: the only thing the smoke test asserts.
    var isCorrect: Bool {
        (self["lost"] ?? 0) == 0 && (self["errors"] ?? 0) == 0
    }

    var jsonLine: String {
        let fields = [("scenario", "\"\(scenario)\"")] + (parameters + figures).map { ($0.key, $0.json) }
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    var table: String {
        let width = figures.map(\.label.count).max() ?? 0
        var lines = [title]
        for figure in figures {
            let label = figure.label.padding(toLength: width, withPad: " ", startingAt: 0)
            let value = String(repeating: " ", count: max(0, 12 - figure.text.count)) + figure.text
            lines.append("  \(label)  \(value) \(figure.unit)")
        }
        lines += problems.map { "  problem: \($0)" }
        return lines.joined(separator: "\n")
    }
}
