import Foundation

/// One number a scenario reports: `key` for scripts (its JSON name), `label`
/// and `unit` for people, `decimals` for both.
struct Figure: Sendable {
    let key: String
    let label: String
    let value: Double
    let unit: String
    let decimals: Int

    init(_ key: String, _ label: String, _ value: Double, unit: String = "", decimals: Int = 0) {
        self.key = key
        self.label = label
        self.value = value
        self.unit = unit
        self.decimals = decimals
    }

    init(_ key: String, _ label: String, _ value: Int, unit: String = "") {
        self.init(key, label, Double(value), unit: unit)
    }

    /// As JSON: a plain number, or null when there was nothing to measure.
    var json: String {
        guard value.isFinite else { return "null" }
        return String(format: "%.\(decimals)f", value)
    }

    /// For the table: digits grouped in thousands when whole.
    var text: String {
        guard value.isFinite else { return "n/a" }
        guard decimals == 0 else { return String(format: "%.\(decimals)f", value) }
        let digits = String(format: "%.0f", value.magnitude)
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }
}
