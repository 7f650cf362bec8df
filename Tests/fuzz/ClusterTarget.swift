// libFuzzer target: what other nodes send through PostgreSQL, read as chatd
// reads it (NotifyPayloadReader, ClusterEvent), the input cut into payloads at
// NUL bytes. Invariants: reading never traps; every event read encodes to a
// line that decodes back to it; and the events read, packed again under a
// tiny limit (so that most are cut into pieces), come back from a fresh
// reader unchanged and in order, each body within the limit.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var reader = NotifyPayloadReader()
    var events: [ClusterEvent] = []
    for payload in text.unicodeScalars.split(separator: "\u{0}", omittingEmptySubsequences: false) {
        events += reader.read(String(Substring(payload)))?.events ?? []
    }
    for event in events {
        precondition(ClusterEvent(decoding: event.encoded[...]) == event, "an event does not round-trip: \(event)")
    }
    let limit = 24
    var again = NotifyPayloadReader()
    var reread: [ClusterEvent] = []
    for body in NotifyPayloads.pack(events, limit: limit) {
        precondition(body.utf8.count <= limit, "a body of \(body.utf8.count) bytes, over \(limit)")
        reread += again.read("n1 1\n" + body)?.events ?? []
    }
    precondition(reread == events, "packing and reading again changed the events")
    return 0
}
