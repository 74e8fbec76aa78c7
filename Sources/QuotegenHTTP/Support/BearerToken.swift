/// A secret that callers present as a bearer token (the admin token, the metrics token). Its description never
/// shows the secret, so it cannot leak into logs.
public struct BearerToken: Sendable, CustomStringConvertible {
    private let bytes: [UInt8]

    /// nil for an empty token, which would protect nothing.
    public init?(_ secret: String) {
        guard !secret.isEmpty else { return nil }
        bytes = Array(secret.utf8)
    }

    /// Compares in time that depends only on the presented token's length, never on where it differs.
    public func matches(_ presented: String) -> Bool {
        let candidate = Array(presented.utf8)
        var difference: UInt8 = candidate.count == bytes.count ? 0 : 1
        for index in candidate.indices {
            difference |= candidate[index] ^ bytes[index % bytes.count]
        }
        return difference == 0
    }

    /// How many bytes long it is (for the warning about short tokens).
    public var length: Int { bytes.count }

    public var description: String { "BearerToken(redacted)" }
}
