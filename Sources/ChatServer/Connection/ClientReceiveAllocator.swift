import NIOCore

/// Sizes a chat client's receive buffer with the policy of NIO's
/// `AdaptiveRecvByteBufferAllocator` (double after a read that filled the
/// buffer, halve after two reads that used at most half), but in two bytes of
/// state. NIO's is larger than an existential's inline storage, so every
/// channel boxed its own copy on the first read: 64 bytes of heap per idle
/// client, a fifth of what chatd itself keeps for one.
struct ClientReceiveAllocator: RecvByteBufferAllocator {
    /// Powers of two: 64 bytes, enough for a login line, up to 64 KiB.
    static let smallestShift: UInt8 = 6
    static let largestShift: UInt8 = 16

    private var shift = smallestShift
    private var shrinkAfterNextSmallRead = false

    private var size: Int { 1 << Int(shift) }

    func buffer(allocator: ByteBufferAllocator) -> ByteBuffer {
        allocator.buffer(capacity: size)
    }

    func nextBufferSize() -> Int? {
        size
    }

    mutating func record(actualReadBytes: Int) -> Bool {
        if actualReadBytes >= size, shift < Self.largestShift {
            shift += 1
            shrinkAfterNextSmallRead = false
            return true
        }
        if actualReadBytes <= size / 2, shift > Self.smallestShift {
            if shrinkAfterNextSmallRead { shift -= 1 }
            shrinkAfterNextSmallRead.toggle()
        } else {
            shrinkAfterNextSmallRead = false
        }
        return false
    }
}
