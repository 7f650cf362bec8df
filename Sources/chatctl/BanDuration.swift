import ArgumentParser

/// How long a ban lasts, as an administrator types it: `30s`, `10m`, `2h`,
/// `1d`, or parts combined largest first (`1h30m`).
struct BanDuration: Equatable, ExpressibleByArgument {
    /// chatd refuses longer bans.
    static let longestSeconds = 366 * 24 * 3600

    let seconds: Int

    init?(argument: String) {
        guard let seconds = Self.parse(argument) else { return nil }
        self.seconds = seconds
    }

    static var defaultCompletionKind: CompletionKind { .list(["30s", "10m", "1h", "1d"]) }

    private static let units: [(Character, Int)] = [("d", 86400), ("h", 3600), ("m", 60), ("s", 1)]

    static func parse(_ text: String) -> Int? {
        var total = 0
        var number = ""
        var nextUnit = units.startIndex
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            guard let amount = Int(number), let unitIndex = units[nextUnit...].firstIndex(where: { $0.0 == character }) else {
                return nil
            }
            let (part, overflow) = amount.multipliedReportingOverflow(by: units[unitIndex].1)
            guard !overflow, part <= longestSeconds else { return nil }
            total += part
            number = ""
            nextUnit = unitIndex + 1
        }
        guard number.isEmpty, total > 0, total <= longestSeconds else { return nil }
        return total
    }
}
