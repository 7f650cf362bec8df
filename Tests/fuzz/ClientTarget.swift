// libFuzzer target: the chat client against a hostile server and a hostile
// terminal. The input is split in two: bytes from the server (framed into
// lines and fed to a session) and keys from the terminal. Invariants: nothing
// the session shows or uses as its prompt holds a control, bidi or separator
// character (only chatd's own styling may reach the terminal); the decoders
// never trap and never hold more than a bounded amount.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let split = bytes.firstIndex(of: 0) ?? bytes.endIndex
    var framer = LineFramer(maxLineBytes: 4096)
    var session = ChatSession(alias: nil, interactive: true, reconnects: true)
    session.connected()
    for line in framer.push(bytes[..<split]) {
        for effect in session.receive(line) {
            if case .show(let text) = effect { requireSafe(text.plain) }
            if case .exit(_, let message?) = effect { requireSafe(message) }
        }
        requireSafe(session.prompt)
        for alias in session.directory.aliases { requireSafe(alias) }
    }
    var keys = KeyDecoder()
    if split < bytes.endIndex {
        for _ in 0..<4 { _ = keys.push(bytes[(split + 1)...]) }
    }
    return 0
}

private func requireSafe(_ text: String) {
    precondition(!text.unicodeScalars.contains(where: \.isTerminalUnsafe), "unsafe text reaches the terminal: \(text.debugDescription)")
}
