/// Runs of one scenario at different settings, figure by figure side by side
/// for people, so that the settings compare at a glance (scripts read each
/// run's JSON line). A figure one run lacks shows as `—`.
struct ScenarioComparison {
    /// One column each, in this order.
    let headings: [String]
    let reports: [ScenarioReport]

    var table: String {
        var keys: [String] = []
        for figure in reports.flatMap(\.figures) where !keys.contains(figure.key) { keys.append(figure.key) }
        let rows = keys.map { key in
            let figures = reports.map { report in report.figures.first { $0.key == key } }
            let named = figures.compactMap { $0 }[0]
            return [named.unit.isEmpty ? named.label : "\(named.label) (\(named.unit))"] + figures.map { $0?.text ?? "—" }
        }
        let table = [[""] + headings] + rows
        let widths = (0..<table[0].count).map { column in table.map { $0[column].count }.max() ?? 0 }
        let lines = table.map { row in
            "  " + zip(row, widths).enumerated().map { column, cell in
                let padding = String(repeating: " ", count: cell.1 - cell.0.count)
                return column == 0 ? cell.0 + padding : padding + cell.0
            }.joined(separator: "  ")
        }
        let titles = zip(headings, reports).map { "\($0): \($1.title)" }
        let problems = zip(headings, reports).flatMap { heading, report in report.problems.map { "  problem (\(heading)): \($0)" } }
        return (titles + lines + problems).joined(separator: "\n") + "\n"
    }
}
