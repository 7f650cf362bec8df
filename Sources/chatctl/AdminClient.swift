import AdminProtocol
import Foundation

/// Sends one request to chatd and turns its answer into a result or a ChatctlError.
struct AdminClient {
    let socketPath: String

    func perform(_ command: AdminCommand) throws(ChatctlError) -> AdminResult {
        let connection = try UnixSocketConnection(path: socketPath)
        let request: Data
        do {
            request = try AdminRequest(command).encodedLine()
        } catch {
            throw .badAnswer("cannot encode the request: \(error)")
        }
        connection.send(Array(request))
        let line = try connection.readLine()
        let response: AdminResponse
        do {
            response = try AdminResponse(parsing: Data(line), for: command.name)
        } catch {
            throw .badAnswer(error.description)
        }
        switch response {
        case .success(let result):
            return result
        case .failure(let error) where error.code == .permissionDenied:
            throw .permissionDenied(path: socketPath, detail: error.message)
        case .failure(let error):
            throw .refused(error.message)
        }
    }
}
