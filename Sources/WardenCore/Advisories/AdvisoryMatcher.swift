/// Decides which OSV advisories apply to which dependencies, by the OSV evaluation algorithm
/// (https://ossf.github.io/osv-schema/#evaluation).
///
/// A dependency is affected by an advisory when some `affected` entry names its package (same
/// ecosystem, same name after ``Ecosystem/normalizedName(_:)``) and the version is in that entry's
/// `versions` list or inside one of its ranges. Within a range the events are sorted by version
/// (`introduced: "0"` first; at equal versions `introduced` comes first), then walked: `introduced`
/// (inclusive) opens the range, `fixed` (exclusive) and `last_affected` (inclusive) close it; `limit`
/// events, when present, admit only versions below one of them (`"*"` is no limit). `SEMVER` ranges use
/// SemVer precedence, `ECOSYSTEM` ranges the ecosystem's order (PEP 440, SemVer, Maven), and `GIT` ranges
/// are ignored (they need the repository's commit graph). Withdrawn advisories never match.
public enum AdvisoryMatcher {
    /// The advisories that apply to each dependency; see ``evaluate(_:_:)`` for what could not be checked.
    public static func matches(_ deps: [PackageDependency], _ advisories: [OSVAdvisory]) -> [AdvisoryMatch] {
        evaluate(deps, advisories).matches
    }

    /// Matches `deps` against `advisories`, and also reports versions that did not parse (a dependency
    /// whose version does not parse is still matched against exact `versions` lists).
    public static func evaluate(_ deps: [PackageDependency], _ advisories: [OSVAdvisory]) -> AdvisoryMatchReport {
        var index: [PackageKey: [(advisory: Int, entry: Int)]] = [:]
        for (a, advisory) in advisories.enumerated() where !advisory.isWithdrawn {
            for (e, entry) in advisory.affected.enumerated() {
                guard let package = entry.package, let ecosystem = package.knownEcosystem else { continue }
                index[PackageKey(ecosystem: ecosystem, name: ecosystem.normalizedName(package.name)), default: []].append((a, e))
            }
        }

        var matches: [AdvisoryMatch] = []
        var problems: [AdvisoryMatchProblem] = []
        var seen = Set<PackageDependency>()
        for dep in deps where seen.insert(dep).inserted {
            let hits = index[PackageKey(ecosystem: dep.ecosystem, name: dep.normalizedName)] ?? []
            var byAdvisory: [Int: [Int]] = [:]
            var order: [Int] = []
            for hit in hits {
                if byAdvisory[hit.advisory] == nil { order.append(hit.advisory) }
                byAdvisory[hit.advisory, default: []].append(hit.entry)
            }
            for a in order {
                let advisory = advisories[a]
                var affected = false
                var fixes: [String] = []
                var severity = AdvisorySeverity.unknown
                for e in byAdvisory[a] ?? [] {
                    let entry = advisory.affected[e]
                    let outcome = evaluate(dep, entry, entryPath: "affected[\(e)]")
                    problems += outcome.problems.map { AdvisoryMatchProblem(advisoryID: advisory.id, dependency: dep, message: $0) }
                    guard outcome.affected else { continue }
                    affected = true
                    severity = max(severity, advisory.severity(of: entry))
                    for fix in outcome.fixes where !fixes.contains(fix) { fixes.append(fix) }
                }
                if affected {
                    matches.append(AdvisoryMatch(advisoryID: advisory.id, aliases: advisory.aliases, summary: advisory.summary,
                                                 severity: severity, dependency: dep, fixedVersions: fixes))
                }
            }
        }
        return AdvisoryMatchReport(matches: matches, problems: problems)
    }

    /// Whether `dep`'s version is affected by one `affected` entry (the package is assumed to match).
    public static func isAffected(_ dep: PackageDependency, by entry: OSVAdvisory.Affected) -> Bool {
        evaluate(dep, entry, entryPath: "affected").affected
    }

    // MARK: Evaluation

    struct PackageKey: Hashable {
        let ecosystem: Ecosystem
        let name: String
    }

    struct EntryOutcome {
        var affected = false
        var fixes: [String] = []
        var problems: [String] = []
    }

    static func evaluate(_ dep: PackageDependency, _ entry: OSVAdvisory.Affected, entryPath: String) -> EntryOutcome {
        var outcome = EntryOutcome()
        let version = versionText(of: dep)
        if entry.versions.contains(dep.version) || entry.versions.contains(version)
            || listedByValue(version, entry.versions, scheme: dep.ecosystem.versionScheme) {
            outcome.affected = true
        }
        var reportedDependency = false
        for (r, range) in entry.ranges.enumerated() where range.type != .git {
            let scheme = range.type == .semver ? VersionScheme.semver : dep.ecosystem.versionScheme
            do {
                let result: RangeOutcome
                switch scheme {
                case .pep440: result = try RangeEvaluation<PEP440Version>(version, range.events).outcome
                case .semver: result = try RangeEvaluation<SemanticVersionOrder>(version, range.events).outcome
                case .maven: result = try RangeEvaluation<MavenVersion>(version, range.events).outcome
                }
                if case .affected(let fix) = result {
                    outcome.affected = true
                    if let fix, !outcome.fixes.contains(fix) { outcome.fixes.append(fix) }
                }
            } catch RangeEvaluationError.dependencyVersion(let error) {
                if !reportedDependency {
                    outcome.problems.append("ranges not checked, only the exact versions list: \(error)")
                    reportedDependency = true
                }
            } catch {
                outcome.problems.append("\(entryPath).ranges[\(r)] skipped: \(error)")
            }
        }
        return outcome
    }

    /// The dependency's version as the ranges spell versions: Go's toolchain versions (`go1.21.3`) lose
    /// their `go` prefix, as the Go vulnerability database writes `1.21.3` for the standard library.
    static func versionText(of dep: PackageDependency) -> String {
        if dep.ecosystem == .go, dep.version.hasPrefix("go"), dep.version.dropFirst(2).first?.isNumber == true {
            return String(dep.version.dropFirst(2))
        }
        return dep.version
    }

    /// OSV compares `versions` entries with `==`; versions that spell the same version differently
    /// (`1.0` and `1.0.0` under PEP 440, `v1.2.3` and `1.2.3` in Go) are equal too.
    static func listedByValue(_ version: String, _ listed: [String], scheme: VersionScheme) -> Bool {
        guard !listed.isEmpty else { return false }
        return listed.contains { (try? scheme.compare(version, $0)) == .orderedSame }
    }
}

enum RangeOutcome: Equatable {
    case notAffected
    /// Affected, with the version that ends the affected stretch the version is in, if there is one.
    case affected(fix: String?)
}

enum RangeEvaluationError: Error {
    case dependencyVersion(AdvisoryError)
}

/// One range's timeline walked for one version, per the OSV evaluation pseudocode.
struct RangeEvaluation<V: OrderedVersion> {
    /// `nil` stands for the special values: `introduced: "0"` (before everything) and `limit: "*"`.
    private let events: [(event: OSVAdvisory.Event, version: V?)]
    private let version: V

    init(_ versionText: String, _ rawEvents: [OSVAdvisory.Event]) throws {
        do {
            version = try V(versionText)
        } catch let error as AdvisoryError {
            throw RangeEvaluationError.dependencyVersion(error)
        }
        events = try rawEvents.map { event in
            switch event {
            case .introduced("0"), .limit("*"): return (event, nil)
            default: return (event, try V(event.version))
            }
        }
    }

    var outcome: RangeOutcome {
        guard isBeforeLimits else { return .notAffected }
        let sorted = events.enumerated().sorted { l, r in
            switch (l.element.version, r.element.version) {
            case (nil, nil): return l.offset < r.offset
            case (nil, _): return true
            case (_, nil): return false
            case let (a?, b?):
                if a < b { return true }
                if b < a { return false }
                // At one version, opening before closing makes `introduced X, fixed X` an empty range.
                let li = l.element.event.isIntroduced, ri = r.element.event.isIntroduced
                return li != ri ? li : l.offset < r.offset
            }
        }.map(\.element)

        var vulnerable = false
        var openedAt = -1
        for (i, item) in sorted.enumerated() {
            switch item.event {
            case .introduced:
                if item.version.map({ version >= $0 }) ?? true {
                    vulnerable = true
                    openedAt = i
                }
            case .fixed:
                if let fixed = item.version, version >= fixed { vulnerable = false }
            case .lastAffected:
                if let last = item.version, version > last { vulnerable = false }
            case .limit:
                break
            }
        }
        guard vulnerable else { return .notAffected }
        let fix = sorted[(openedAt + 1)...].first { if case .fixed = $0.event { return true } else { return false } }
        return .affected(fix: fix?.event.version)
    }

    /// With no `limit` events every version qualifies; otherwise it must be below one of them.
    private var isBeforeLimits: Bool {
        let limits = events.filter { if case .limit = $0.event { return true } else { return false } }
        guard !limits.isEmpty else { return true }
        return limits.contains { $0.version.map { version < $0 } ?? true }
    }
}

extension OSVAdvisory.Event {
    var isIntroduced: Bool {
        if case .introduced = self { return true }
        return false
    }
}
