/// How long a token lasts, as `quotegen token create --expires` takes it: a whole number and a unit, `m`
/// (minutes), `h`, `d` or `w`, e.g. `90m`, `12h`, `30d`; at most ten years.
public struct TokenLifetime: Sendable, Equatable {
    public let seconds: Int

    public init(_ text: String) throws(TokenLifetimeInvalid) {
        let units: [Character: Int] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0,
              count <= 10 * 366 * 86_400 / unit
        else { throw TokenLifetimeInvalid(text: text) }
        seconds = count * unit
    }
}

public struct TokenLifetimeInvalid: UserFacingError {
    public let text: String
    public var description: String {
        "--expires takes a whole number and a unit, m, h, d or w (e.g. 90m, 12h, 30d), up to ten years: '\(text)' is not one"
    }
}
