import ChatCore
import Foundation
import Logging
import NIOCertificateReloading
import NIOConcurrencyHelpers
import NIOSSL
import X509

/// The TLS listener's certificate chain and key, read from PEM files and read
/// again on every reload: a new pair serves new handshakes while open
/// connections keep the one they started with, and a pair that does not load
/// (missing, truncated, a key of another certificate) leaves the last good one
/// in place. swift-nio-extras' reloader does the checking and the swapping;
/// chatd only tells it when (SIGHUP) and which files (they may change too).
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

    private let files: NIOLockedValueBox<Files>
    /// When the chain's first certificate stops being valid, for the expiry warning.
    private let expiry = NIOLockedValueBox<Date?>(nil)
    private let reloader: TimedCertificateReloader
    private let logger: Logger
    /// Every TLS handshake asks the reloader for the current pair.
    let context: NIOSSLContext

    /// Loads the pair; a pair that does not load is an error here, where
    /// chatd is starting and can still refuse to.
    public init(files: Files, logger: Logger) throws(TLSSetupError) {
        let current = NIOLockedValueBox(files)
        self.files = current
        self.logger = logger
        let expiry = self.expiry
        let configuration = TimedCertificateReloader.Configuration(
            // chatd reloads on SIGHUP alone and never runs the reloader's timer.
            refreshInterval: .seconds(86_400),
            certificateSource: .init(location: .memory { try Self.read(current.withLockedValue(\.certificate), "tls-certificate") }, format: .pem),
            privateKeySource: .init(location: .memory { try Self.read(current.withLockedValue(\.key), "tls-key") }, format: .pem)
        ) {
            $0.onCertificateLoaded = { loaded in
                expiry.withLockedValue { $0 = loaded.currentX509CertificateChain.first?.notValidAfter }
            }
        }
        reloader = TimedCertificateReloader(configuration: configuration)
        do {
            try reloader.reload()
        } catch {
            throw TLSSetupError("cannot use the TLS \(files): \(Self.explain(error))")
        }
        do {
            var tls = try TLSConfiguration.makeServerConfiguration(certificateReloader: reloader)
            tls.minimumTLSVersion = .tlsv12
            tls.maximumTLSVersion = .tlsv13
            // TLS 1.2: ECDHE with AES-GCM, one suite per key type, so that no
            // cipher order is left to the client (swift-nio-ssl cannot make the
            // server's order win). TLS 1.3's suites are all forward-secret AEAD.
            tls.cipherSuites = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw TLSSetupError("cannot set up TLS with the \(files): \(Self.explain(error))")
        }
        warnIfExpiring()
    }

    /// Reads the pair again, possibly from new files; on failure the previous
    /// pair stays in use. Says which in the journal.
    public func reload(files newFiles: Files) {
        files.withLockedValue { $0 = newFiles }
        do {
            try reloader.reload()
            logger.info("TLS certificate loaded", metadata: metadata(newFiles) + JournalEvent.tlsReloaded.metadata)
            warnIfExpiring()
        } catch {
            logger.error(
                "TLS certificate reload failed, still serving the previous one",
                metadata: metadata(newFiles) + ["error": "\(Self.explain(error))"] + JournalEvent.tlsReloadFailed.metadata
            )
        }
    }

    /// Said at start-up, on every reload and once a day.
    func warnIfExpiring(now: Date = Date()) {
        guard let notAfter = expiry.withLockedValue({ $0 }), notAfter.timeIntervalSince(now) < Self.expiryWarning else { return }
        let days = Int(notAfter.timeIntervalSince(now) / 86_400)
        let files = self.files.withLockedValue { $0 }
        logger.warning(
            notAfter < now ? "the TLS certificate has expired: clients refuse it" : "the TLS certificate expires soon: renew it and reload chatd",
            metadata: metadata(files) + ["days-left": "\(days)"] + JournalEvent.tlsCertificateExpiring.metadata
        )
    }

    private func metadata(_ files: Files) -> Logger.Metadata {
        ["certificate": "\(files.certificate)", "key": "\(files.key)", "not-after": "\(expiry.withLockedValue { $0 }.map { "\($0)" } ?? "")"]
    }

    private static func read(_ path: String, _ setting: String) throws -> [UInt8] {
        do {
            return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw TLSSetupError("\(setting) \(path): \((error as NSError).localizedDescription)")
        }
    }

    /// One line a person can act on; the reloader's own texts are not all of that.
    static func explain(_ error: any Error) -> String {
        if let error = error as? TimedCertificateReloader.Error, error == .publicKeyMismatch {
            return "the private key does not belong to the certificate"
        }
        if let error = error as? TLSSetupError { return error.description }
        if let error = error as? TimedCertificateReloader.Error {
            return error.description.split(whereSeparator: \.isNewline).joined(separator: " ")
        }
        // A parser's own text may quote the file, and the file may be the private key.
        return "not a readable PEM certificate chain and private key (a truncated or damaged file?)"
    }
}

extension TLSCertificates.Files {
    /// nil unless both files are named.
    public init?(_ settings: ServerSettings) {
        guard let certificate = settings.tlsCertificate, let key = settings.tlsKey else { return nil }
        self.init(certificate: certificate, key: key)
    }
}
