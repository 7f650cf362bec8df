// libFuzzer target: the text sanitiser and the command parser on arbitrary bytes.
// Invariants: a line is refused exactly when it is not UTF-8; what is kept holds
// no scalar the sanitiser bans and no run of more than 30 combining marks;
// sanitising twice changes nothing; parsing never traps, and the line a parsed
// command encodes to parses back to the same command.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let valid = String(validating: bytes, as: UTF8.self) != nil
    switch TextSanitizer.sanitize(bytes) {
    case .invalidUTF8:
        precondition(!valid, "valid UTF-8 refused")
    case .text(let kept):
        precondition(valid, "invalid UTF-8 accepted")
        var run = 0
        for scalar in kept.unicodeScalars {
            precondition(TextSanitizer.isAllowed(scalar), "banned scalar U+\(String(scalar.value, radix: 16)) kept")
            run = scalar.properties.canonicalCombiningClass == .notReordered ? 0 : run + 1
            precondition(run <= TextSanitizer.maximumNonStarterRun, "combining-mark run over the limit")
        }
        precondition(TextSanitizer.sanitize(Array(kept.utf8)) == .text(kept), "not idempotent")
        if !kept.isEmpty {
            let command = ClientCommand(parsing: kept[...])
            precondition(ClientCommand(parsing: command.line[...]) == command, "command does not round-trip")
        }
        _ = ServerLine(parsing: kept)
    }
    return 0
}
