/// Which principal a verified client certificate's identity stands for: configured identity by identity
/// (`spiffe://warden.test/agent/planner` → `planner`), and, only when allowed, an unmapped identity that is itself a
/// well-formed principal id stands for that principal.
public struct CertificatePrincipalMapping: Sendable, Equatable {
    /// Principal id by identity value (a SPIFFE ID, a DNS name in lowercase, or a CN).
    public var principalIDs: [String: String]
    /// Whether an identity the map does not name may be used directly as a principal id when it is a valid one.
    /// Off by default: a CA that also issues certificates for other purposes would otherwise let a certificate whose
    /// CN happens to be `admin` act as Warden's administrator; with the map, every identity is a deliberate entry.
    public var unmappedIdentityAsPrincipalID: Bool

    public init(principalIDs: [String: String] = [:], unmappedIdentityAsPrincipalID: Bool = false) {
        self.principalIDs = principalIDs
        self.unmappedIdentityAsPrincipalID = unmappedIdentityAsPrincipalID
    }

    /// The principal id `identity` stands for, or nil when it stands for none.
    public func principalID(for identity: CertificateIdentity) -> String? {
        if let mapped = principalIDs[identity.value] { return mapped }
        if unmappedIdentityAsPrincipalID, Principal.isValidID(identity.value) { return identity.value }
        return nil
    }
}
