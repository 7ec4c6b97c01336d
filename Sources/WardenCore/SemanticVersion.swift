/// A semantic version (semver.org 2.0.0), ordered by precedence.
public struct SemanticVersion: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    public var prerelease: [String]
    public var build: [String]

    /// Parses `text`, or returns `nil` when it is not a semantic version.
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 128 else { return nil }
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            let ids = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false)
            guard !ids.isEmpty, ids.allSatisfy({ !$0.isEmpty && $0.allSatisfy(SemanticVersion.isIdentifierChar) }) else { return nil }
            build = ids.map(String.init)
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            let ids = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            for id in ids {
                guard !id.isEmpty, id.allSatisfy(SemanticVersion.isIdentifierChar) else { return nil }
                if id.allSatisfy(\.isASCIIDigit), id.count > 1, id.first == "0" { return nil }
            }
            prerelease = ids.map(String.init)
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else { return nil }
        var numbers: [UInt64] = []
        for part in core {
            guard !part.isEmpty, part.allSatisfy(\.isASCIIDigit), !(part.count > 1 && part.first == "0"),
                let n = UInt64(part)
            else { return nil }
            numbers.append(n)
        }
        self.major = numbers[0]
        self.minor = numbers[1]
        self.patch = numbers[2]
        self.prerelease = prerelease
        self.build = build
    }

    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let v = SemanticVersion(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "'\(text.prefix(64))' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0)"))
        }
        self = v
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public static func == (a: SemanticVersion, b: SemanticVersion) -> Bool { a.description == b.description }
    public func hash(into hasher: inout Hasher) { hasher.combine(description) }

    /// Precedence per semver 2.0.0 section 11; build metadata breaks ties only so the order is total.
    public static func < (a: SemanticVersion, b: SemanticVersion) -> Bool {
        if a.major != b.major { return a.major < b.major }
        if a.minor != b.minor { return a.minor < b.minor }
        if a.patch != b.patch { return a.patch < b.patch }
        switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
        case (true, false): return false
        case (false, true): return true
        case (true, true): return a.build.joined(separator: ".") < b.build.joined(separator: ".")
        case (false, false): break
        }
        for (x, y) in zip(a.prerelease, b.prerelease) where x != y {
            switch (UInt64(x), UInt64(y)) {
            case let (nx?, ny?): return nx < ny
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return x < y
            }
        }
        if a.prerelease.count != b.prerelease.count { return a.prerelease.count < b.prerelease.count }
        return a.build.joined(separator: ".") < b.build.joined(separator: ".")
    }

    private static func isIdentifierChar(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
