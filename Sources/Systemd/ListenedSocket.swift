/// One socket systemd passed in, with its FileDescriptorName=, so chatd can tell
/// the chat listener from the admin listener without probing socket types.
public struct ListenedSocket: Sendable, Equatable {
    public let descriptor: CInt
    public let name: String

    public init(descriptor: CInt, name: String) {
        self.descriptor = descriptor
        self.name = name
    }
}
