import Foundation

/// Finds `$ref`s that make a schema recursive, and local `$ref`s that lead nowhere.
///
/// The rule: JSON Schema has no keyword that limits how deep an instance nests, so a `$ref` that leads back to a
/// schema it is itself inside (directly, like `"$ref": "#"`, or through other `$ref`s) lets an instance nest
/// without limit; only the JSON parser's depth limit stops it. Every such cycle is reported once, at the `$ref`
/// that closes it, unless the cycle's target declares the depth the tool really handles with `x-warden-max-depth`
/// (a positive integer) — a declaration for reviewers, not enforced by validation — which turns it into an info
/// finding.
///
/// Only references inside the document are followed: `#` (the root), `#/json/pointer` (percent-decoded) and
/// `#name` for a `$anchor`. Other URIs (remote schemas, embedded resources with their own `$id`) are not resolved
/// and not reported. The search is an iterative depth-first search over the walked subschemas (containment and
/// `$ref` edges), linear in their number.
struct SchemaRecursionDetector {
    struct Cycle: Sendable, Equatable {
        /// Pointer of the `$ref` keyword that closes the cycle.
        var refPointer: String
        /// Pointer of the schema it refers back to.
        var targetPointer: String
        /// The target's `x-warden-max-depth`, when it declares one.
        var declaredDepth: Int?
    }

    struct Report: Sendable {
        var cycles: [Cycle] = []
        /// Pointers of `$ref` keywords that point at nothing (with the reference as written).
        var unresolved: [(pointer: String, ref: String)] = []
    }

    /// The recursive and the dangling references among `walk`'s nodes, whose root is `document`.
    /// `walkIsComplete` is false when the walk was cut short; a reference to an unlisted place is then not reported.
    static func analyse(_ walk: SchemaWalker.Walk, document: JSONValue, walkIsComplete: Bool) -> Report {
        var report = Report()
        let nodes = walk.nodes
        guard !nodes.isEmpty else { return report }
        var byLocal: [String: Int] = [:]
        var anchors: [String: Int] = [:]
        var edges = [[(target: Int, isRef: Bool)]](repeating: [], count: nodes.count)
        for (i, n) in nodes.enumerated() {
            byLocal[n.localPointer] = i
            if let p = n.parent { edges[p].append((i, false)) }
            if case .string(let a)? = n.value["$anchor"] { anchors[a] = i }
        }
        for (i, n) in nodes.enumerated() {
            guard case .string(let ref)? = n.value["$ref"], ref.hasPrefix("#") else { continue }
            let fragment = String(ref.dropFirst())
            let decoded = fragment.removingPercentEncoding ?? fragment
            let target: Int?
            if decoded.isEmpty || decoded.hasPrefix("/") { target = byLocal[decoded] } else { target = anchors[decoded] }
            if let target {
                edges[i].append((target, true))
            } else if walkIsComplete, !(decoded.hasPrefix("/") && DefinitionPointer.resolve(decoded, in: document) != nil) {
                // A pointer into a place the walker does not treat as a schema (an unknown keyword) still resolves.
                report.unresolved.append((n.pointer + "/$ref", ref))
            }
        }
        report.cycles = cycles(nodes: nodes, edges: edges)
        return report
    }

    private static func cycles(nodes: [SchemaWalker.Node], edges: [[(target: Int, isRef: Bool)]]) -> [Cycle] {
        var out: [Cycle] = []
        var reportedSites = Set<Int>()
        // 0 unvisited, 1 on the current path, 2 done.
        var state = [UInt8](repeating: 0, count: nodes.count)
        var positionOnPath = [Int](repeating: -1, count: nodes.count)
        var path: [(node: Int, nextEdge: Int, enteredByRef: Bool)] = []
        for start in nodes.indices where state[start] == 0 {
            state[start] = 1
            positionOnPath[start] = 0
            path = [(start, 0, false)]
            while let top = path.last {
                let nodeEdges = edges[top.node]
                guard top.nextEdge < nodeEdges.count else {
                    state[top.node] = 2
                    positionOnPath[top.node] = -1
                    path.removeLast()
                    continue
                }
                path[path.count - 1].nextEdge += 1
                let edge = nodeEdges[top.nextEdge]
                switch state[edge.target] {
                case 0:
                    state[edge.target] = 1
                    positionOnPath[edge.target] = path.count
                    path.append((edge.target, 0, edge.isRef))
                case 1:
                    // The cycle runs from the target along the path to here; containment alone is a tree, so some
                    // step of it is a $ref: this edge, or the last $ref step on the path.
                    let from = positionOnPath[edge.target]
                    var site: Int?
                    var refTarget = edge.target
                    if edge.isRef {
                        site = top.node
                    } else if let j = (from + 1 ..< path.count).last(where: { path[$0].enteredByRef }) {
                        site = path[j - 1].node
                        refTarget = path[j].node
                    }
                    if let site, reportedSites.insert(site).inserted {
                        let depth = nodes[refTarget].value["x-warden-max-depth"]?.numberValue?.int64Value
                        out.append(Cycle(refPointer: nodes[site].pointer + "/$ref", targetPointer: nodes[refTarget].pointer,
                                         declaredDepth: depth.flatMap { $0 > 0 ? Int(exactly: $0) : nil }))
                    }
                default: break
                }
            }
        }
        return out
    }
}
