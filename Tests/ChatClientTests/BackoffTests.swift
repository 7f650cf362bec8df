import ChatClient
import Testing

@Suite struct BackoffTests {
    @Test func doublesUpToTheMaximumAndResets() {
        var backoff = Backoff(initial: 1, maximum: 5)
        #expect((0..<5).map { _ in backoff.nextDelay() } == [1, 2, 4, 5, 5])
        backoff.reset()
        #expect(backoff.nextDelay() == 1)
    }
}
