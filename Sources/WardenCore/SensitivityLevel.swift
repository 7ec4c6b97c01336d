/// How sensitive a piece of data is, lowest first.
public enum SensitivityLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case `public`
    case `internal`
    case confidential
    case restricted

    private var rank: Int {
        switch self {
        case .public: 0
        case .internal: 1
        case .confidential: 2
        case .restricted: 3
        }
    }

    public static func < (a: SensitivityLevel, b: SensitivityLevel) -> Bool { a.rank < b.rank }
}

extension SensitivityLevel: CodingKeyRepresentable {}
