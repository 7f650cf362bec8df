import AdminProtocol
import ArgumentParser
import Foundation

/// Where chatd's admin socket is. Declared on chatctl and on every
/// subcommand, so `--socket` works before or after the subcommand's name.
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("socket"),
        help: ArgumentHelp(
            "Path of chatd's admin socket.",
            discussion: "Default: $CHATD_ADMIN_SOCKET, else /run/chatd/admin.sock if it exists, else $XDG_RUNTIME_DIR/chatd/admin.sock.",
            valueName: "path"
        )
    )
    var socket: String?
}
