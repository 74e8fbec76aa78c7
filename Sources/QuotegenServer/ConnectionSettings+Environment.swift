import QuotegenHTTP

/// Where the connection limits come from: the environment, and the open-file limit.
extension ConnectionSettings {
    /// Lowers the cap to leave `DescriptorLimit.reserved` descriptors for everything else (the database, files,
    /// logs): a flood of sockets must never starve them.
    mutating func fit(openFileLimit: Int) {
        maxConnections = min(maxConnections, max(1, openFileLimit - DescriptorLimit.reserved))
    }

    static func resolve(environment: [String: String]) throws(SettingsError) -> ConnectionSettings {
        var settings = ConnectionSettings()
        if let raw = environment.nonEmpty("QUOTEGEN_MAX_CONNECTIONS") {
            guard let value = Int(raw), value >= 1 else {
                throw SettingsError("QUOTEGEN_MAX_CONNECTIONS must be a whole number of 1 or more; got '\(raw)'")
            }
            settings.maxConnections = value
        }
        settings.headerTimeout = try seconds("QUOTEGEN_HEADER_TIMEOUT", environment) ?? settings.headerTimeout
        settings.bodyTimeout = try seconds("QUOTEGEN_BODY_TIMEOUT", environment) ?? settings.bodyTimeout
        settings.idleTimeout = try seconds("QUOTEGEN_IDLE_TIMEOUT", environment) ?? settings.idleTimeout
        return settings
    }

    private static func seconds(_ name: String, _ environment: [String: String]) throws(SettingsError) -> Duration? {
        guard let raw = environment.nonEmpty(name) else { return nil }
        guard let value = Double(raw), value > 0, value <= 86_400 else {
            throw SettingsError("\(name) must be a number of seconds above 0 and at most 86400; got '\(raw)'")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
