import Foundation

/// A private CA and server certificates for `localhost` and 127.0.0.1, made
/// with the `openssl` command when a test starts: no key is ever committed.
public struct TestCertificates: Sendable {
    public let directory: URL
    public var caCertificate: String { path("ca.pem") }

    /// Makes the CA; `serve(_:)` issues server certificates under it.
    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("chatd-tls-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "30", "-subj", "/CN=chatd test CA",
        ])
    }

    /// A certificate for localhost and 127.0.0.1 signed by the CA, valid for
    /// `days`; returns the paths of the chain and the key.
    @discardableResult
    public func issue(_ name: String, days: Int = 30) throws -> (certificate: String, key: String) {
        let key = path("\(name).key")
        let request = path("\(name).csr")
        let certificate = path("\(name).pem")
        let extensions = path("\(name).ext")
        try "subjectAltName=DNS:localhost,IP:127.0.0.1\n".write(toFile: extensions, atomically: true, encoding: .utf8)
        try Self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", request, "-subj", "/CN=\(name)",
        ])
        try Self.openssl([
            "x509", "-req", "-in", request, "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial",
            "-days", "\(days)", "-extfile", extensions, "-out", certificate,
        ])
        return (certificate, key)
    }

    /// A self-signed certificate no trust store knows.
    public func selfSigned(_ name: String) throws -> (certificate: String, key: String) {
        let key = path("\(name).key")
        let certificate = path("\(name).pem")
        try Self.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "30", "-subj", "/CN=\(name)",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ])
        return (certificate, key)
    }

    public func path(_ file: String) -> String {
        directory.appendingPathComponent(file).path
    }

    private static func openssl(_ arguments: [String]) throws {
        let result = try Subprocess.run("/usr/bin/openssl", arguments)
        guard result.status == 0 else {
            throw TestFailure("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(result.errors)")
        }
    }
}
