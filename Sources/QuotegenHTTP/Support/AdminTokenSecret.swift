import Crypto
import Foundation
import QuotegenCore

/// The format of a named admin token, in one place: `qg_` and 43 characters of base64url (256 random bits). The
/// prefix lets secret scanners find a leaked one; the store keeps only `digest(_:)`.
public enum AdminTokenSecret {
    public static let prefix = "qg_"

    /// A new token from the system's secure random generator.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let encoded = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + encoded
    }

    /// SHA-256 of the token, lower-case hex: what the store keeps and what a presented token is looked up by.
    public static func digest(_ token: String) -> String {
        lowercaseHex(SHA256.hash(data: Data(token.utf8)))
    }
}
