import Foundation

/// One response line: `{"ok":true,"result":{...}}` or
/// `{"ok":false,"error":{"code":"...","message":"..."}}`.
///
/// The result carries no tag of its own: a client knows which command it
/// sent, so it says which result to read (`init(parsing:for:)`).
public enum AdminResponse: Equatable, Sendable {
    case success(AdminResult)
    case failure(AdminError)

    /// The response as sent: JSON and a terminating LF. Encoding these plain
    /// types cannot fail in practice; if it ever does, the peer still gets an
    /// answer it can read.
    public func encodedLine() -> Data {
        do {
            switch self {
            case .failure(let error): return try AdminWire.line(Failure(error: error))
            case .success(.users(let result)): return try AdminWire.line(Success(result: result))
            case .success(.kicked(let result)): return try AdminWire.line(Success(result: result))
            case .success(.noticeSent(let result)): return try AdminWire.line(Success(result: result))
            case .success(.statistics(let result)): return try AdminWire.line(Success(result: result))
            }
        } catch {
            let code = AdminErrorCode.internalError.rawValue
            return Data("{\"error\":{\"code\":\"\(code)\",\"message\":\"chatd could not encode its answer\"},\"ok\":false}\n".utf8)
        }
    }

    /// Reads a response line (with or without its LF) to a request for `command`.
    public init(parsing line: Data, for command: AdminCommand.Name) throws(MalformedResponse) {
        let decoder = JSONDecoder()
        do {
            let header = try decoder.decode(Header.self, from: line)
            guard header.ok else {
                guard let error = header.error else { throw MalformedResponse("a refusal without an error") }
                self = .failure(error)
                return
            }
            switch command {
            case .list: self = .success(.users(try decoder.decode(Success<UserList>.self, from: line).result))
            case .kick: self = .success(.kicked(try decoder.decode(Success<KickOutcome>.self, from: line).result))
            case .notice: self = .success(.noticeSent(try decoder.decode(Success<NoticeOutcome>.self, from: line).result))
            case .stats: self = .success(.statistics(try decoder.decode(Success<StatisticsReport>.self, from: line).result))
            }
        } catch let error as MalformedResponse {
            throw error
        } catch {
            throw MalformedResponse("chatd's answer to '\(command.rawValue)' could not be read: \(error)")
        }
    }

    private struct Header: Decodable {
        var ok: Bool
        var error: AdminError?
    }

    private struct Success<Result: Codable>: Codable {
        var ok = true
        var result: Result
    }

    private struct Failure: Encodable {
        var ok = false
        var error: AdminError
    }
}
