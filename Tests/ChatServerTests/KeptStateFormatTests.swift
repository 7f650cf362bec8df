import Foundation
import Testing

@testable import ChatServer

/// The formats a restart carries between two chatds (docs/restart.md):
/// what one writes, the next reads, and what it cannot read is refused,
/// never misread.
@Suite struct KeptStateFormatTests {
    @Test func namesAreShortAndRoundTrip() throws {
        let name = KeptConnectionName(slot: 10239, id: ConnectionID(number: 123_456_789))
        #expect(name.name == "k7wf.v9")
        #expect(name.name.count <= 7)
        let parsed = try KeptConnectionName(parsing: name.name)
        #expect(parsed == name)
        #expect(parsed.matches(ConnectionID(number: 123_456_789)))
        #expect(!parsed.matches(ConnectionID(number: 123_456_790)))
    }

    @Test(arguments: ["chat", "admin", "chat-state", "k", "k1", "k1.", "k.1", "kA.1", "k1.zzz", "k1.2.3", "k-1.2", "k1234567.1"])
    func foreignNamesAreRefused(_ name: String) {
        #expect(throws: KeptConnectionNameError.foreign) { try KeptConnectionName(parsing: name) }
    }

    @Test func recordsRoundTrip() throws {
        let chatting = ConnectionRecord(
            id: ConnectionID(number: 42), connectedAt: 1_700_000_000,
            login: .init(joinSequence: 7, alias: "alice.b-c_d")
        )
        let choosing = ConnectionRecord(id: ConnectionID(number: 43), connectedAt: 1_700_000_001, login: nil)
        #expect(chatting.encoded.count == ConnectionRecord.size)
        #expect(try ConnectionRecord.decode(chatting.encoded) == chatting)
        #expect(try ConnectionRecord.decode(choosing.encoded) == choosing)
        #expect(try ConnectionRecord.decode([UInt8](repeating: 0, count: ConnectionRecord.size)) == nil)
    }

    @Test func aDamagedOrNewerRecordIsRefused() throws {
        let record = ConnectionRecord(id: ConnectionID(number: 1), connectedAt: 5, login: .init(joinSequence: 0, alias: "bob"))
        var flipped = record.encoded
        flipped[33] ^= 0x20
        #expect(throws: ConnectionRecordError.corrupt) { try ConnectionRecord.decode(flipped) }
        var newer = record.encoded
        newer[0] = 2
        #expect(throws: ConnectionRecordError.unknownVersion(2)) { try ConnectionRecord.decode(newer) }
        #expect(throws: ConnectionRecordError.corrupt) { try ConnectionRecord.decode(Array(record.encoded.dropLast())) }
    }

    @Test func theStateFileIsWrittenInPlaceAndReadBackByTheNextChatd() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-state-\(UUID())").path
        defer { unlink(path) }
        let first = open(path, O_RDWR | O_CREAT, 0o600)
        let file = try ConnectionStateFile(new: first, slots: 4)
        let record = ConnectionRecord(id: ConnectionID(number: 9), connectedAt: 100, login: .init(joinSequence: 3, alias: "zoe"))
        file.write(record, at: 2)
        file.write(ConnectionRecord(id: ConnectionID(number: 10), connectedAt: 101, login: nil), at: 3)
        file.write(nil, at: 3)

        // The next chatd, allowed more connections, grows the file it inherits.
        let next = try ConnectionStateFile(existing: open(path, O_RDWR), slots: 8)
        #expect(next.slots == 8)
        #expect(try next.read(slot: 2) == record)
        #expect(try next.read(slot: 3) == nil)
        #expect(try next.read(slot: 7) == nil)
        #expect(throws: ConnectionRecordError.corrupt) { try next.read(slot: 8) }
    }

    @Test func aStateFileFromAnUnknownChatdIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-state-\(UUID())").path
        defer { unlink(path) }
        let descriptor = open(path, O_RDWR | O_CREAT, 0o600)
        defer { close(descriptor) }
        _ = "chatd-state 2\n".withCString { write(descriptor, $0, strlen($0)) }
        #expect(throws: ConnectionStateFileError.self) { try ConnectionStateFile(existing: descriptor, slots: 4) }
    }

    @Test func theHandOverRoundTripsAndRefusesWhatItCannotRead() throws {
        let handOver = HandOver(inputs: [
            ConnectionID(number: 5): .init(bytes: Array("half a li".utf8), discarding: false),
            ConnectionID(number: 900): .init(bytes: Array("x\ny\n\n".utf8), discarding: true),
        ])
        #expect(try HandOver(decoding: handOver.encoded) == handOver)
        #expect(throws: HandOverError.unknownVersion(2)) { try HandOver(decoding: Array("chatd-handover 2\n".utf8)) }
        #expect(throws: HandOverError.malformed) { try HandOver(decoding: Array("chatd-handover 1\n5 0 99\nshort".utf8)) }
        #expect(throws: HandOverError.malformed) { try HandOver(decoding: Array("something else\n".utf8)) }
    }
}
