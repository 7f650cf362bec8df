import Foundation

/// A bound the issue sets on one figure of one scenario; the suite says of
/// each whether this run met it (timing is the machine's, so never an error).
struct Target: Sendable {
    let key: String
    let atMost: Double

    /// One row of the suite's summary: scenario, figure, value, bound, verdict.
    func row(for report: ScenarioReport, name: String) -> [String] {
        let figure = report.figures.first { $0.key == key }
        let bound = Figure("", "", atMost, decimals: atMost.rounded() == atMost ? 0 : 1).text
        guard let figure, figure.value.isFinite else {
            return [name, key, "not measured", "≤ \(bound)", "NOT MET"]
        }
        return [
            name, figure.label, "\(figure.text) \(figure.unit)", "≤ \(bound) \(figure.unit)",
            figure.value <= atMost ? "met" : "NOT MET",
        ]
    }
}
