import Foundation
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `openssl s_client` as an outside TLS client of chatd: its standard input
/// goes to the server, what it prints is read back; `-brief` puts the
/// protocol and the server's certificate on standard error.
final class OpenSSLClient: @unchecked Sendable {
    private let process: Subprocess

    init(port: Int, caFile: String, options: [String] = []) throws {
        process = try Subprocess(
            "/usr/bin/openssl",
            ["s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", caFile, "-verify_return_error", "-brief"] + options,
            pipes: true
        )
    }

    deinit {
        kill(process.pid, SIGKILL)
    }

    func send(_ line: String) {
        process.write(line + "\n")
    }

    /// Waits until standard output holds `text`; returns all of it.
    @discardableResult
    func expect(_ text: String, timeout: Double = 10) throws -> String {
        try waitFor(timeout: timeout, "output to hold '\(text)'") { output, _ in output.contains(text) ? output : nil }
    }

    /// The server certificate's subject as s_client reports it (`CN = name`).
    func peerCertificate() throws -> String {
        try brief("Peer certificate")
    }

    /// A line of s_client's brief summary, such as `Protocol version`.
    func brief(_ field: String, timeout: Double = 10) throws -> String {
        try waitFor(timeout: timeout, "'\(field)'") { _, errors in
            errors.split(separator: "\n").first { $0.hasPrefix(field + ":") }.map {
                String($0.dropFirst(field.count + 1)).trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// Exit status, output and errors once s_client gave up (a refused handshake).
    func finish(timeout: Double = 10) throws -> (status: Int32, output: String, errors: String) {
        let status = try process.wait(timeout: timeout)
        return (status, String(decoding: process.output, as: UTF8.self), String(decoding: process.errors, as: UTF8.self))
    }

    private func waitFor<T>(timeout: Double, _ what: String, _ found: (String, String) -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            process.collectAvailable()
            let output = String(decoding: process.output, as: UTF8.self)
            let errors = String(decoding: process.errors, as: UTF8.self)
            if let result = found(output, errors) { return result }
            guard Date() < deadline else {
                throw TestFailure("s_client: no \(what) within \(timeout)s; output: \(output) errors: \(errors)")
            }
            usleep(20_000)
        }
    }
}
