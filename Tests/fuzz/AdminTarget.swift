// libFuzzer target: the admin protocol's decoders on arbitrary lines, read as
// a request (as chatd does) and as the response to each command (as chatctl
// does). Invariants: decoding never traps; a refused request carries one of
// the four codes the parser documents and a message; whatever decodes,
// request or response, encodes to one JSON line (a single LF, at its end, so
// the peer's line framing holds) that decodes back to an equal value; and a
// refusal sent as a response, whatever text it quotes, reaches chatctl
// unchanged.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let line = Data(bytes: data, count: size)
    do throws(AdminError) {
        let request = try AdminRequest(parsing: line)
        guard let encoded = try? request.encodedLine() else { preconditionFailure("a parsed request does not encode") }
        precondition((try? AdminRequest(parsing: oneLine(encoded))) == request, "request does not round-trip")
    } catch {
        precondition(parserCodes.contains(error.code), "unexpected refusal code \(error.code)")
        precondition(!error.message.isEmpty, "refusal without a message")
        requireRoundTrip(.failure(error), for: .list)
    }
    for command in AdminCommand.Name.allCases {
        if let response = try? AdminResponse(parsing: line, for: command) {
            requireRoundTrip(response, for: command)
        }
    }
    return 0
}

private let parserCodes: [AdminErrorCode] = [.malformedRequest, .unsupportedVersion, .unknownCommand, .invalidArguments]

private func requireRoundTrip(_ response: AdminResponse, for command: AdminCommand.Name) {
    let decoded = try? AdminResponse(parsing: oneLine(response.encodedLine()), for: command)
    precondition(decoded == response, "response to \(command) does not round-trip")
}

/// The line without its LF, checking it is the only one.
private func oneLine(_ encoded: Data) -> Data {
    precondition(encoded.last == UInt8(ascii: "\n"), "encoded line does not end with LF")
    let body = encoded.dropLast()
    precondition(!body.contains(UInt8(ascii: "\n")), "encoded line holds an LF")
    return Data(body)
}
