import ChatCore
import ChatServer
import Logging

/// Where chat is served: the chat sockets systemd passed when it passed any,
/// otherwise `listen` and `listen-tls`; a TLS listener comes with its
/// certificate loaded, or chatd does not start.
struct ChatListeners {
    let plain: ChatServer.ChatListener?
    let tls: ChatServer.TLSListener?
    let web: ChatServer.ChatListener?

    init(inherited: InheritedSockets, settings: ServerSettings, logger: Logger) throws(ChatListenersError) {
        let tlsListener: ChatServer.ChatListener?
        let tlsOrigin: String
        if inherited.hasChatListener {
            plain = inherited.chat.map(ChatServer.ChatListener.inherited)
            tlsListener = inherited.chatTLS.map(ChatServer.ChatListener.inherited)
            web = inherited.chatWeb.map(ChatServer.ChatListener.inherited)
            tlsOrigin = "the \(InheritedSockets.chatTLSName) socket"
        } else {
            plain = settings.listen.map(ChatServer.ChatListener.bind)
            tlsListener = settings.listenTLS.map(ChatServer.ChatListener.bind)
            web = settings.listenWeb.map(ChatServer.ChatListener.bind)
            tlsOrigin = "listen-tls"
        }
        guard let tlsListener else {
            guard plain != nil || web != nil else {
                throw ChatListenersError("nothing to serve: listen is off and there is no TLS or web listener (set listen, listen-tls or listen-web)")
            }
            tls = nil
            return
        }
        let missing = [(SettingKey.tlsCertificate, settings.tlsCertificate), (SettingKey.tlsKey, settings.tlsKey)]
            .filter { $0.1 == nil }.map(\.0.rawValue)
        guard missing.isEmpty, let files = TLSCertificates.Files(settings) else {
            throw ChatListenersError(
                "\(tlsOrigin) needs a certificate and its key, but \(missing.joined(separator: " and ")) \(missing.count == 1 ? "is" : "are") not set: "
                    + "name the PEM files with --tls-certificate/--tls-key or in chatd.conf, "
                    + "or pass them as the credentials tls-certificate and tls-key (LoadCredential=)"
            )
        }
        do {
            tls = ChatServer.TLSListener(tlsListener, certificates: try TLSCertificates(files: files, logger: logger))
        } catch {
            throw ChatListenersError("\(tlsOrigin): \(error.description)")
        }
    }
}

struct ChatListenersError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
