import Testing

@testable import chatctl

@Suite struct BanDurationTests {
    @Test(arguments: [("30s", 30), ("10m", 600), ("2h", 7200), ("1d", 86400), ("1h30m", 5400), ("1d2h3m4s", 93784), ("90s", 90), ("366d", 366 * 86400)])
    func acceptsUnitsLargestFirst(text: String, seconds: Int) {
        #expect(BanDuration.parse(text) == seconds)
        #expect(BanDuration(argument: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "10", "m", "10x", "0s", "0m0s", "1m1h", "1h1h", "-5m", "1.5h", " 5m", "5m ", "367d", "99999999999999999999s", "١٠m"])
    func refusesAnythingElse(text: String) {
        #expect(BanDuration.parse(text) == nil)
    }
}
