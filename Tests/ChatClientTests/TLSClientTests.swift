import Foundation
import Testing
import TestSupport

/// `chat --tls` against the real chatd's TLS listener, with certificates
/// made for the test: verified chat works, anything unverified is refused.
@Suite struct TLSClientTests {
    private static func tlsChatd(_ certificates: TestCertificates, pair: (certificate: String, key: String)) throws -> (ChatdProcess, tlsPort: Int) {
        let chatd = try ChatdProcess(arguments: ["--listen-tls", "127.0.0.1:0", "--tls-certificate", pair.certificate, "--tls-key", pair.key])
        return (chatd, try #require(chatd.tlsPort))
    }

    @Test(arguments: ["127.0.0.1", "localhost"])
    func chatsEndToEndWithAPrivateCA(host: String) throws {
        let certificates = try TestCertificates()
        let (chatd, tlsPort) = try Self.tlsChatd(certificates, pair: try certificates.issue("server"))
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let result = try PipedChat.run(
            ["--tls", "--ca-file", certificates.caCertificate, "--host", host, "--port", "\(tlsPort)", "--alias", "carol"],
            stdin: "/users\nhello bob\n/dm bob psst\n"
        )
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("*** online (2): bob, carol"))
        #expect(lines.contains("you → bob: psst"))
        try bob.expect(prefix: "JOIN carol")
        #expect(try bob.readLine() == "MSG carol hello bob")
        #expect(try bob.readLine() == "DM carol psst")
    }

    @Test func chatTLSFromTheEnvironmentToo() throws {
        let certificates = try TestCertificates()
        let (chatd, tlsPort) = try Self.tlsChatd(certificates, pair: try certificates.issue("server"))
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        let result = try PipedChat.run(
            ["--ca-file", certificates.caCertificate, "--host", "127.0.0.1", "--port", "\(tlsPort)", "--alias", "dora"],
            stdin: "hi\n", environment: ["CHAT_TLS": "1"]
        )
        #expect(result.status == 0, "\(result.errors)")
        try bob.expect(prefix: "JOIN dora")
        #expect(try bob.readLine() == "MSG dora hi")
    }

    /// Not in the trust store, or not from the given CA: refused, also with
    /// --reconnect (retrying cannot make it trusted), and nothing is sent.
    @Test(arguments: [false, true])
    func anUnverifiedCertificateIsRefused(selfSigned: Bool) throws {
        let certificates = try TestCertificates()
        let pair = selfSigned ? try certificates.selfSigned("stranger") : try certificates.issue("server")
        let (chatd, tlsPort) = try Self.tlsChatd(certificates, pair: pair)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)
        var arguments = ["--tls", "--host", "127.0.0.1", "--port", "\(tlsPort)", "--alias", "eve", "--reconnect"]
        if selfSigned { arguments += ["--ca-file", certificates.caCertificate] }
        let result = try PipedChat.run(arguments, stdin: "secret\n")
        #expect(result.status != 0)
        #expect(result.errors.contains("certificate is not signed by"), "\(result.errors)")
        bob.send("/users")
        #expect(try bob.expect(prefix: "USERS") == "USERS bob")
    }

    @Test func aPlainPortIsNotMistakenForTLS() throws {
        let chatd = try ChatdProcess()
        let result = try PipedChat.run(["--tls", "--host", "127.0.0.1", "--port", "\(chatd.port)", "--alias", "eve"], stdin: "hi\n")
        #expect(result.status != 0)
        #expect(result.errors.contains("does not speak TLS"), "\(result.errors)")
    }
}
