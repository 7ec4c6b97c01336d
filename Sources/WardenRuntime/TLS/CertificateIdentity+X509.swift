import WardenCore
import X509

extension CertificateIdentity {
    /// The identity `certificate` names (see ``CertificateIdentity/init(uniformResourceIdentifiers:dnsNames:commonNames:)``),
    /// or nil when it names none or its subject alternative names extension cannot be read.
    public init?(certificate: Certificate) {
        var uris: [String] = []
        var dnsNames: [String] = []
        do {
            for name in try certificate.extensions.subjectAlternativeNames ?? SubjectAlternativeNames() {
                switch name {
                case .uniformResourceIdentifier(let uri): uris.append(uri)
                case .dnsName(let dns): dnsNames.append(dns)
                default: continue
                }
            }
        } catch {
            return nil
        }
        var commonNames: [String] = []
        for rdn in certificate.subject {
            for attribute in rdn where attribute.type == .RDNAttributeType.commonName {
                if let cn = String(attribute.value) { commonNames.append(cn) }
            }
        }
        // The most specific CN (the last in the subject) first, as most TLS stacks read a subject.
        self.init(uniformResourceIdentifiers: uris, dnsNames: dnsNames, commonNames: commonNames.reversed())
    }
}
