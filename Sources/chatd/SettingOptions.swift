import ArgumentParser
import ChatCore

/// The command-line form of every `SettingKey`. Values stay text here and go
/// through `ServerSettings.set`, exactly as the config file's do.
struct SettingOptions: ParsableArguments {
    @Option(name: .customLong("listen"), help: "HOST:PORT to listen on when systemd passes no socket (default 127.0.0.1:55555; \"\" for none).")
    var listen: String?

    @Option(name: .customLong("listen-tls"), help: "HOST:PORT for chat over TLS when systemd passes no socket (default none).")
    var listenTLS: String?

    @Option(name: .customLong("listen-web"), help: "HOST:PORT for the web page and WebSocket chat when systemd passes no socket (default none).")
    var listenWeb: String?

    @Option(name: .customLong("web-allowed-origins"), help: "Comma-separated origins besides the page's own that may open a chat WebSocket (default none).")
    var webAllowedOrigins: String?

    @Option(name: .customLong("web-trusted-proxies"), help: "Comma-separated reverse proxies whose X-Forwarded-For is believed (default none).")
    var webTrustedProxies: String?

    @Option(name: .customLong("tls-certificate"), help: "PEM file with the server's certificate chain (default: the tls-certificate credential).")
    var tlsCertificate: String?

    @Option(name: .customLong("tls-key"), help: "PEM file with the certificate's private key (default: the tls-key credential).")
    var tlsKey: String?

    @Option(name: .customLong("admin-socket"), help: "Path of the admin socket when systemd passes none.")
    var adminSocket: String?

    @Option(name: .customLong("admin-group"), help: "Group whose members may use the admin socket (default chatadm).")
    var adminGroup: String?

    @Option(name: .customLong("max-line-bytes"), help: "Longest accepted line in bytes, without its ending (default 4096, at least 64).")
    var maxLineBytes: String?

    @Option(name: .customLong("max-clients"), help: "Most connections in total; 0 for no limit (default 10000).")
    var maxClients: String?

    @Option(name: .customLong("max-clients-per-address"), help: "Most connections from one address; 0 for no limit (default 16).")
    var maxClientsPerAddress: String?

    @Option(name: .customLong("limit-exempt"), help: "Comma-separated networks the per-address limit skips (default 127.0.0.0/8,::1).")
    var limitExempt: String?

    @Option(name: .customLong("ipv6-prefix"), help: "IPv6 addresses count by this prefix for per-address limits and bans (default 64).")
    var ipv6Prefix: String?

    @Option(name: .customLong("rate-limit"), help: "Lines per second per client; 0 for no limit (default 10).")
    var rateLimit: String?

    @Option(name: .customLong("rate-burst"), help: "Lines a client may send at once before being slowed (default 20).")
    var rateBurst: String?

    @Option(name: .customLong("send-queue-bytes"), help: "Output queued for one client before it is disconnected (default 1048576).")
    var sendQueueBytes: String?

    @Option(name: .customLong("admin-idle-timeout"), help: "Seconds an admin connection may stay silent; 0 for no limit (default 60).")
    var adminIdleTimeout: String?

    @Option(name: .customLong("handshake-timeout"), help: "Seconds to choose an alias; 0 for no limit (default 30).")
    var handshakeTimeout: String?

    @Option(name: .customLong("presence-limit"), help: "Announce joins and leaves only up to this many users; 0 always (default 1000).")
    var presenceLimit: String?

    @Option(name: .customLong("reserved-aliases"), help: "Comma-separated aliases nobody may take (default server,chatd,admin,root).")
    var reservedAliases: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (default info).")
    var logLevel: String?

    @Option(name: .customLong("log-target"), help: "auto, journal or stderr (default auto: the journal when stderr is connected to it).")
    var logTarget: String?

    @Option(name: .customLong("cluster"), help: "PostgreSQL conninfo or URL of the cluster to join (default none: a node of its own; no password here).")
    var cluster: String?

    @Option(name: .customLong("cluster-name"), help: "Which chat of that database this node joins (default chatd).")
    var clusterName: String?

    @Option(name: .customLong("node-name"), help: "This node's name, unique in the cluster (default: the host name).")
    var nodeName: String?

    var given: [(SettingKey, String)] {
        let all: [(SettingKey, String?)] = [
            (.listen, listen), (.listenTLS, listenTLS), (.tlsCertificate, tlsCertificate), (.tlsKey, tlsKey),
            (.listenWeb, listenWeb), (.webAllowedOrigins, webAllowedOrigins), (.webTrustedProxies, webTrustedProxies),
            (.adminSocket, adminSocket), (.adminGroup, adminGroup), (.adminIdleTimeout, adminIdleTimeout),
            (.maxLineBytes, maxLineBytes), (.maxClients, maxClients),
            (.maxClientsPerAddress, maxClientsPerAddress), (.limitExempt, limitExempt), (.ipv6Prefix, ipv6Prefix),
            (.rateLimit, rateLimit), (.rateBurst, rateBurst), (.sendQueueBytes, sendQueueBytes),
            (.handshakeTimeout, handshakeTimeout), (.presenceLimit, presenceLimit),
            (.reservedAliases, reservedAliases), (.logLevel, logLevel), (.logTarget, logTarget),
            (.cluster, cluster), (.clusterName, clusterName), (.nodeName, nodeName),
        ]
        return all.compactMap { key, value in value.map { (key, $0) } }
    }
}
