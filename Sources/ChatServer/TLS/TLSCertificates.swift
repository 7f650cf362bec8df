import ChatCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL

/// The TLS listener's certificate chain and key, read from PEM files and read
/// again on every reload: a new pair serves new handshakes while open
/// connections keep the one they started with, and a pair that does not load
/// (missing, truncated, a key of another certificate) leaves the last good one
/// in place.
///
/// swift-nio-extras' `TimedCertificateReloader` was used first and dropped:
/// it reloads on a timer where chatd reloads on SIGHUP, and it brings
/// swift-certificates and swift-crypto, a second BoringSSL that every build
/// compiled again. swift-nio-ssl alone does what chatd needs: its context
/// refuses a key that does not belong to the certificate, and each handshake
/// takes the context current when it was accepted.
public final class TLSCertificates: Sendable {
    /// The certificate warns this long before it expires.
    static let expiryWarning: TimeInterval = 14 * 24 * 3600

    public struct Files: Equatable, Sendable, CustomStringConvertible {
        public var certificate: String
        public var key: String

        public init(certificate: String, key: String) {
            self.certificate = certificate
            self.key = key
        }

        public var description: String { "certificate \(certificate), key \(key)" }
    }

    /// A pair that loaded, ready for handshakes.
    private struct Loaded: Sendable {
        let files: Files
        let context: NIOSSLContext
        /// When the chain's first certificate stops being valid.
        let notAfter: Date
    }

    private let current: NIOLockedValueBox<Loaded>
    private let logger: Logger

    /// What a new handshake uses: the pair loaded last.
    var context: NIOSSLContext { current.withLockedValue(\.context) }

    /// Loads the pair; a pair that does not load is an error here, where
    /// chatd is starting and can still refuse to.
    public init(files: Files, logger: Logger) throws(TLSSetupError) {
        self.logger = logger
        current = NIOLockedValueBox(try Self.load(files))
        warnIfExpiring()
    }

    /// Reads the pair again, possibly from new files; on failure the previous
    /// pair stays in use. Says which in the journal.
    public func reload(files: Files) {
        do {
            let loaded = try Self.load(files)
            current.withLockedValue { $0 = loaded }
            logger.info("TLS certificate loaded", metadata: metadata(loaded) + JournalEvent.tlsReloaded.metadata)
            warnIfExpiring()
        } catch {
            logger.error(
                "TLS certificate reload failed, still serving the previous one",
                metadata: ["certificate": "\(files.certificate)", "key": "\(files.key)", "error": "\(error.description)"]
                    + JournalEvent.tlsReloadFailed.metadata
            )
        }
    }

    /// Said at start-up, on every reload and once a day.
    func warnIfExpiring(now: Date = Date()) {
        let loaded = current.withLockedValue { $0 }
        guard loaded.notAfter.timeIntervalSince(now) < Self.expiryWarning else { return }
        let days = Int(loaded.notAfter.timeIntervalSince(now) / 86_400)
        logger.warning(
            loaded.notAfter < now ? "the TLS certificate has expired: clients refuse it" : "the TLS certificate expires soon: renew it and reload chatd",
            metadata: metadata(loaded) + ["days-left": "\(days)"] + JournalEvent.tlsCertificateExpiring.metadata
        )
    }

    private func metadata(_ loaded: Loaded) -> Logger.Metadata {
        ["certificate": "\(loaded.files.certificate)", "key": "\(loaded.files.key)", "not-after": "\(loaded.notAfter)"]
    }

    /// Every failure names the file and what is wrong with it, and never
    /// quotes a parser's text: it may hold part of the private key.
    private static func load(_ files: Files) throws(TLSSetupError) -> Loaded {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMBytes(try read(files.certificate, "tls-certificate"))
        } catch let error as TLSSetupError {
            throw error
        } catch {
            throw TLSSetupError("tls-certificate \(files.certificate): not a readable PEM certificate chain (a truncated or damaged file?)")
        }
        guard let leaf = chain.first else {
            throw TLSSetupError("tls-certificate \(files.certificate): holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: try read(files.key, "tls-key"), format: .pem)
        } catch let error as TLSSetupError {
            throw error
        } catch {
            throw TLSSetupError("tls-key \(files.key): not a readable PEM private key (a truncated or damaged file, or one with a passphrase?)")
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        tls.maximumTLSVersion = .tlsv13
        // TLS 1.2: ECDHE with AES-GCM, one suite per key type, so that no
        // cipher order is left to the client (swift-nio-ssl cannot make the
        // server's order win). TLS 1.3's suites are all forward-secret AEAD.
        tls.cipherSuites = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
        do {
            let context = try NIOSSLContext(configuration: tls)
            return Loaded(files: files, context: context, notAfter: Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter)))
        } catch {
            // Both files parsed, so BoringSSL refused the pair: it checks the key against the certificate.
            throw TLSSetupError("the private key does not belong to the certificate: tls-key \(files.key), tls-certificate \(files.certificate)")
        }
    }

    private static func read(_ path: String, _ setting: String) throws(TLSSetupError) -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw TLSSetupError("\(setting) \(path): \((error as NSError).localizedDescription)")
        }
    }
}

extension TLSCertificates.Files {
    /// nil unless both files are named.
    public init?(_ settings: ServerSettings) {
        guard let certificate = settings.tlsCertificate, let key = settings.tlsKey else { return nil }
        self.init(certificate: certificate, key: key)
    }
}
