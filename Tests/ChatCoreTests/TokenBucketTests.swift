import ChatCore
import Testing

@Suite struct TokenBucketTests {
    let second: UInt64 = 1_000_000_000

    private func take(_ bucket: inout TokenBucket, _ now: UInt64) -> Bool {
        bucket.take(now: now)
    }

    private func wait(_ bucket: inout TokenBucket, _ now: UInt64) -> UInt64 {
        bucket.nanosecondsUntilNextToken(now: now)
    }

    @Test func burstThenRate() {
        var bucket = TokenBucket(rate: 10, burst: 3, now: 0)
        #expect(take(&bucket, 0))
        #expect(take(&bucket, 0))
        #expect(take(&bucket, 0))
        #expect(!take(&bucket, 0))
        #expect(wait(&bucket, 0) == second / 10)
        #expect(!take(&bucket, second / 20))
        #expect(take(&bucket, second / 10))
    }

    @Test func refillIsCappedAtBurst() {
        var bucket = TokenBucket(rate: 1, burst: 2, now: 0)
        #expect(take(&bucket, 0))
        #expect(take(&bucket, 0))
        #expect(take(&bucket, 100 * second))
        #expect(take(&bucket, 100 * second))
        #expect(!take(&bucket, 100 * second))
    }

    @Test func zeroRateIsUnlimited() {
        var bucket = TokenBucket(rate: 0, burst: 1, now: 0)
        for _ in 0..<1000 { #expect(take(&bucket, 0)) }
        #expect(wait(&bucket, 0) == 0)
    }
}
