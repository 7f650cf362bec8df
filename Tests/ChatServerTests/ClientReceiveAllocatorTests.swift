import NIOCore
import Testing

@testable import ChatServer

@Suite struct ClientReceiveAllocatorTests {
    @Test func startsAtSixtyFourBytesAndHandsOutBuffersOfThatSize() {
        let allocator = ClientReceiveAllocator()
        #expect(allocator.nextBufferSize() == 64)
        #expect(allocator.buffer(allocator: ByteBufferAllocator()).capacity >= 64)
    }

    @Test func aReadThatFillsTheBufferDoublesItUpToSixtyFourKibibytes() {
        var allocator = ClientReceiveAllocator()
        var sizes: [Int] = []
        for _ in 0..<12 {
            let size = allocator.nextBufferSize() ?? 0
            let mayGrow = allocator.record(actualReadBytes: size)
            #expect(mayGrow == (size < 65536))
            sizes.append(allocator.nextBufferSize() ?? 0)
        }
        #expect(sizes == [128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 65536, 65536])
    }

    @Test func itHalvesAfterTwoReadsThatUsedAtMostHalfAndNeverGoesBelowSixtyFour() {
        var allocator = ClientReceiveAllocator()
        for _ in 0..<3 { _ = allocator.record(actualReadBytes: allocator.nextBufferSize() ?? 0) }
        #expect(allocator.nextBufferSize() == 512)
        _ = allocator.record(actualReadBytes: 10)
        #expect(allocator.nextBufferSize() == 512)
        _ = allocator.record(actualReadBytes: 10)
        #expect(allocator.nextBufferSize() == 256)
        // A read in between that used more than half starts the count again.
        _ = allocator.record(actualReadBytes: 10)
        _ = allocator.record(actualReadBytes: 200)
        _ = allocator.record(actualReadBytes: 10)
        #expect(allocator.nextBufferSize() == 256)
        for _ in 0..<20 { _ = allocator.record(actualReadBytes: 1) }
        #expect(allocator.nextBufferSize() == 64)
    }
}
