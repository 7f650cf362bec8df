import Foundation
import NIOSSL

/// `--tls`: chatd serves on its TLS listener only, with a P-256 certificate
/// made for this run by the `openssl` command (as an administrator's would
/// be), and every simulated user trusts exactly that certificate.
struct BenchTLS: Sendable {
    let certificatePath: String
    let keyPath: String
    /// One context for every client: what a handshake costs is chatd's, not
    /// the generator's setting up.
    let clientContext: NIOSSLContext

    /// Writes the certificate and key into `directory`.
    init(directory: URL) throws {
        certificatePath = directory.appendingPathComponent("certificate.pem").path
        keyPath = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
            "-subj", "/CN=chat-bench", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", keyPath, "-out", certificatePath,
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        do {
            try openssl.run()
        } catch {
            throw BenchError("--tls makes a certificate with /usr/bin/openssl, which could not start: \(error.localizedDescription)")
        }
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else {
            throw BenchError("openssl could not make a certificate for --tls (status \(openssl.terminationStatus))")
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .file(certificatePath)
        // The certificate names 127.0.0.1; the clients connect to that address but give no host name.
        configuration.certificateVerification = .noHostnameVerification
        do {
            clientContext = try NIOSSLContext(configuration: configuration)
        } catch {
            throw BenchError("cannot set up TLS for the clients: \(error)")
        }
    }

    /// chatd's options: TLS on `address`, plain TCP off.
    func chatdOptions(listeningOn address: String) -> [String] {
        ["--listen", "", "--listen-tls", address, "--tls-certificate", certificatePath, "--tls-key", keyPath]
    }
}
