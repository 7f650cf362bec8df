/// The result of `list`: logged-in users in join order.
public struct UserList: Codable, Equatable, Sendable {
    public var users: [UserInfo]

    public init(users: [UserInfo]) {
        self.users = users
    }
}
