import WardenCore

extension ConfigurationFile {
    /// The `tls:` section.
    struct TLS: Decodable {
        var certificateChainFile: String?
        var privateKeyFile: String?
        var clientCAFile: String?
        var clientCertificates: String?
        var identities: [String: String]?
        var unmappedIdentityAsPrincipalID: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case certificateChainFile, privateKeyFile, clientCAFile, clientCertificates, identities, unmappedIdentityAsPrincipalID
        }

        init(from decoder: Decoder) throws {
            try rejectUnknownKeys(decoder, CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            certificateChainFile = try c.decodeIfPresent(String.self, forKey: .certificateChainFile)
            privateKeyFile = try c.decodeIfPresent(String.self, forKey: .privateKeyFile)
            clientCAFile = try c.decodeIfPresent(String.self, forKey: .clientCAFile)
            clientCertificates = try c.decodeIfPresent(String.self, forKey: .clientCertificates)
            identities = try c.decodeIfPresent([String: String].self, forKey: .identities)
            unmappedIdentityAsPrincipalID = try c.decodeIfPresent(Bool.self, forKey: .unmappedIdentityAsPrincipalID)
        }

        /// The settings this section describes.
        /// - Throws: `invalid_input` naming the key to fix.
        func settings() throws -> TLSSettings {
            guard let chain = certificateChainFile else {
                throw WardenError.invalidInput("tls.certificateChainFile is missing: give the path of the server's PEM certificate chain")
            }
            guard let key = privateKeyFile else {
                throw WardenError.invalidInput("tls.privateKeyFile is missing: give the path of the server's PEM private key")
            }
            let mode = try clientCertificates.map { raw in
                guard let m = TLSSettings.ClientCertificates(rawValue: raw) else {
                    throw WardenError.invalidInput("tls.clientCertificates must be none, optional or required")
                }
                return m
            }
            let settings = TLSSettings(
                certificateChainFile: chain, privateKeyFile: key, clientCAFile: clientCAFile, clientCertificates: mode,
                mapping: CertificatePrincipalMapping(principalIDs: identities ?? [:],
                                                     unmappedIdentityAsPrincipalID: unmappedIdentityAsPrincipalID ?? false))
            try settings.validate()
            return settings
        }
    }
}
