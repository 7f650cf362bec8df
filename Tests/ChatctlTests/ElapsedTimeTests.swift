import Testing

@testable import chatctl

@Suite struct ElapsedTimeTests {
    @Test(arguments: [(0, "0s"), (59, "59s"), (60, "1m00s"), (192, "3m12s"), (3600, "1h00m"), (7500, "2h05m"), (86399, "23h59m"), (273600, "3d04h"), (-4, "0s")])
    func twoLargestUnits(seconds: Int, text: String) {
        #expect(ElapsedTime.format(seconds: seconds) == text)
    }
}
