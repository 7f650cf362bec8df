#if canImport(Glibc)
import Glibc
#endif

/// The state file: a memory file kept by systemd beside the connections,
/// one `ConnectionRecord` per slot after a 64-byte header
/// (`chatd-state 1\n`, zero-padded). chatd writes a record in place the
/// moment its connection changes, so the file is current whenever chatd
/// may die, a crash included.
final class ConnectionStateFile {
    static let name = Inheritance.stateFileName
    static let headerSize = 64
    static let header = Array("chatd-state 1\n".utf8)

    let descriptor: CInt
    let slots: Int

    /// A file a previous chatd kept, grown to `slots` if it has fewer.
    init(existing descriptor: CInt, slots: Int) throws(ConnectionStateFileError) {
        var header = [UInt8](repeating: 0, count: Self.header.count)
        let read = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard read == header.count else { throw ConnectionStateFileError("it is too short to be one") }
        guard header == Self.header else {
            throw ConnectionStateFileError("its header is not 'chatd-state 1': written by a chatd this one does not know")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw ConnectionStateFileError(errno: errno) }
        let present = (Int(status.st_size) - Self.headerSize) / ConnectionRecord.size
        if present < slots, ftruncate(descriptor, off_t(Self.offset(of: slots))) != 0 {
            throw ConnectionStateFileError(errno: errno)
        }
        self.descriptor = descriptor
        self.slots = max(slots, present)
    }

    /// A new, empty file of `slots` free slots.
    init(new descriptor: CInt, slots: Int) throws(ConnectionStateFileError) {
        guard ftruncate(descriptor, off_t(Self.offset(of: slots))) == 0 else { throw ConnectionStateFileError(errno: errno) }
        let written = Self.header.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard written == Self.header.count else { throw ConnectionStateFileError(errno: errno) }
        self.descriptor = descriptor
        self.slots = slots
    }

    deinit {
        close(descriptor)
    }

    static func offset(of slot: Int) -> Int {
        headerSize + slot * ConnectionRecord.size
    }

    /// nil frees the slot. One pwrite of one record: a crash leaves either the old record or the new.
    func write(_ record: ConnectionRecord?, at slot: Int) {
        guard slot >= 0, slot < slots else { return }
        let bytes = record?.encoded ?? [UInt8](repeating: 0, count: ConnectionRecord.size)
        _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, off_t(Self.offset(of: slot))) }
    }

    /// nil for a free slot.
    func read(slot: Int) throws(ConnectionRecordError) -> ConnectionRecord? {
        guard slot >= 0, slot < slots else { throw .corrupt }
        var bytes = [UInt8](repeating: 0, count: ConnectionRecord.size)
        let read = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(Self.offset(of: slot))) }
        guard read == ConnectionRecord.size else { throw .corrupt }
        return try ConnectionRecord.decode(bytes)
    }
}

struct ConnectionStateFileError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }

    init(errno code: CInt) {
        description = String(cString: strerror(code))
    }
}
