import Foundation

/// Applies compiled schemas to instances.
extension ValidationContext {
    /// Validates `instance` against `node`. When `track` is true the properties and items this
    /// schema evaluated are merged into `evaluated` (only on success, as annotations of failed
    /// schemas are dropped).
    func validate(_ node: SchemaNode, _ instance: JSONValue, _ evaluated: inout Evaluated, track: Bool) -> Bool {
        if let c = node.constant {
            if !c { fail(node, "", "no value is allowed here (the schema is false)") }
            return c
        }
        if collect && depth > 0 {
            // Try the fast path first: error collection is only paid along failing paths.
            collect = false
            let fast = validate(node, instance, &evaluated, track: track)
            collect = true
            if fast { return true }
        }
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            fail(node, "", "validation nested deeper than \(maxDepth) schemas (a $ref cycle?)")
            return false
        }
        var pushedScope = false
        if trackScope, scope.last !== node.resource {
            scope.append(node.resource)
            pushedScope = true
        }
        defer { if pushedScope { scope.removeLast() } }

        let localTrack = track || node.unevaluatedProperties != nil || node.unevaluatedItems != nil
        var local = Evaluated()
        var ok = true

        if let r = node.ref {
            pushKeyword("$ref")
            var sub = Evaluated()
            if validate(r, instance, &sub, track: localTrack) {
                if localTrack { local.merge(sub) }
            } else {
                ok = false
            }
            popKeyword()
            if !ok && !collect { return false }
        }
        if let initial = node.dynamicRef {
            var target = initial
            if let name = node.dynamicRefAnchor {
                for resource in scope {
                    if let t = resource.dynamicAnchors[name] {
                        target = t
                        break
                    }
                }
            }
            pushKeyword("$dynamicRef")
            var sub = Evaluated()
            if validate(target, instance, &sub, track: localTrack) {
                if localTrack { local.merge(sub) }
            } else {
                ok = false
            }
            popKeyword()
            if !ok && !collect { return false }
        }

        if !node.types.isEmpty && !Self.typeMatches(node.types, instance) {
            fail(node, "type", "expected \(node.typeNames.joined(separator: " or ")), got \(instance.typeName)")
            if !collect { return false }
            ok = false
        }
        if let e = node.enumValues, !e.contains(instance) {
            fail(node, "enum", "\(Self.describe(instance)) is not one of \(Self.describe(.array(e)))")
            if !collect { return false }
            ok = false
        }
        if let c = node.constValue, c != instance {
            fail(node, "const", "must equal \(Self.describe(c))")
            if !collect { return false }
            ok = false
        }

        switch instance {
        case .number(let n) where node.hasNumberKeywords:
            if !validateNumber(node, n) {
                if !collect { return false }
                ok = false
            }
        case .string(let s) where node.hasStringKeywords:
            if !validateString(node, s) {
                if !collect { return false }
                ok = false
            }
        case .array(let a) where node.hasArrayKeywords:
            if !validateArray(node, a, &local, track: localTrack) {
                if !collect { return false }
                ok = false
            }
        case .object(let o) where node.hasObjectKeywords:
            if !validateObject(node, o, instance, &local, track: localTrack) {
                if !collect { return false }
                ok = false
            }
        default: break
        }

        if node.hasApplicators && !validateApplicators(node, instance, &local, track: localTrack) {
            if !collect { return false }
            ok = false
        }

        if let u = node.unevaluatedItems, case .array(let a) = instance, !local.allItems {
            var allPassed = true
            for i in local.itemsPrefix..<max(local.itemsPrefix, a.count) where !local.itemIndices.contains(i) {
                pushKeyword("unevaluatedItems")
                pushInstance(i)
                var sub = Evaluated()
                let r = validate(u, a[i], &sub, track: false)
                popInstance()
                popKeyword()
                if !r {
                    allPassed = false
                    if !collect { return false }
                }
            }
            if allPassed { local.allItems = true } else { ok = false }
        }
        if let u = node.unevaluatedProperties, case .object(let o) = instance, !local.allProperties {
            var allPassed = true
            for (key, value) in o where !local.properties.contains(key) {
                pushKeyword("unevaluatedProperties")
                pushInstance(key)
                var sub = Evaluated()
                let r = validate(u, value, &sub, track: false)
                popInstance()
                popKeyword()
                if !r {
                    allPassed = false
                    if !collect { return false }
                }
            }
            if allPassed { local.allProperties = true } else { ok = false }
        }

        if ok && track { evaluated.merge(local) }
        return ok
    }

    static func typeMatches(_ mask: SchemaNode.TypeMask, _ v: JSONValue) -> Bool {
        switch v {
        case .null: return mask.contains(.null)
        case .bool: return mask.contains(.boolean)
        case .object: return mask.contains(.object)
        case .array: return mask.contains(.array)
        case .string: return mask.contains(.string)
        case .number(let n): return mask.contains(.number) || (mask.contains(.integer) && n.isInteger)
        }
    }

    private func validateNumber(_ node: SchemaNode, _ n: JSONNumber) -> Bool {
        var ok = true
        if let m = node.minimum, JSONNumber.compare(n, m) < 0 {
            fail(node, "minimum", "\(n) is less than the minimum \(m)")
            ok = false
        }
        if let m = node.maximum, JSONNumber.compare(n, m) > 0 {
            fail(node, "maximum", "\(n) is greater than the maximum \(m)")
            ok = false
        }
        if let m = node.exclusiveMinimum, JSONNumber.compare(n, m) <= 0 {
            fail(node, "exclusiveMinimum", "\(n) must be greater than \(m)")
            ok = false
        }
        if let m = node.exclusiveMaximum, JSONNumber.compare(n, m) >= 0 {
            fail(node, "exclusiveMaximum", "\(n) must be less than \(m)")
            ok = false
        }
        if let m = node.multipleOf, !n.isMultiple(of: m) {
            fail(node, "multipleOf", "\(n) is not a multiple of \(m)")
            ok = false
        }
        return ok
    }

    private func validateString(_ node: SchemaNode, _ s: String) -> Bool {
        var ok = true
        if node.minLength != nil || node.maxLength != nil {
            let bytes = s.utf8.count
            // Code points lie between bytes / 4 and bytes, so most checks need no counting.
            var length: Int?
            func count() -> Int {
                if let length { return length }
                let c = s.unicodeScalars.count
                length = c
                return c
            }
            if let m = node.minLength, bytes < m || (bytes < 4 * m && count() < m) {
                fail(node, "minLength", "must be at least \(m) characters long")
                ok = false
            }
            if let m = node.maxLength, bytes > m && count() > m {
                fail(node, "maxLength", "must be at most \(m) characters long")
                ok = false
            }
            if !ok && !collect { return false }
        }
        if let p = node.pattern {
            switch p.matches(s) {
            case .match: break
            case .noMatch:
                fail(node, "pattern", "\(Self.describe(.string(s))) does not match the pattern \(p.source)")
                ok = false
            case .tooCostly:
                fail(node, "pattern", "matching the pattern \(p.source) took longer than its time budget")
                ok = false
            }
        }
        if let f = node.format, !FormatChecker.check(f, s) {
            fail(node, "format", "\(Self.describe(.string(s))) is not a valid \(node.formatName)")
            ok = false
        }
        if node.contentBase64 || node.contentJSON {
            var content = Data(s.utf8)
            if node.contentBase64 {
                if let decoded = Data(base64Encoded: s) {
                    content = decoded
                } else {
                    fail(node, "contentEncoding", "is not valid base64")
                    return false
                }
            }
            if node.contentJSON, (try? JSONValue(parsing: content)) == nil {
                fail(node, "contentMediaType", "is not a valid JSON document")
                ok = false
            }
        }
        return ok
    }

    private func validateArray(_ node: SchemaNode, _ a: [JSONValue], _ local: inout Evaluated, track: Bool) -> Bool {
        var ok = true
        let n = a.count
        if let m = node.minItems, n < m {
            fail(node, "minItems", "must have at least \(m) items, has \(n)")
            if !collect { return false }
            ok = false
        }
        if let m = node.maxItems, n > m {
            fail(node, "maxItems", "must have at most \(m) items, has \(n)")
            if !collect { return false }
            ok = false
        }
        if node.uniqueItems, let (i, j) = Self.firstDuplicate(a) {
            fail(node, "uniqueItems", "items \(i) and \(j) are equal; items must be unique")
            if !collect { return false }
            ok = false
        }
        let prefixCount = min(n, node.prefixItems.count)
        var sub = Evaluated()
        for i in 0..<prefixCount {
            pushKeyword(node.prefixKeyword, index: i)
            pushInstance(i)
            let r = validate(node.prefixItems[i], a[i], &sub, track: false)
            popInstance()
            popKeyword(2)
            if !r {
                if !collect { return false }
                ok = false
            }
        }
        if track { local.itemsPrefix = max(local.itemsPrefix, prefixCount) }
        if let items = node.items, n > prefixCount {
            var allPassed = true
            for i in prefixCount..<n {
                pushKeyword(node.itemsKeyword)
                pushInstance(i)
                let r = validate(items, a[i], &sub, track: false)
                popInstance()
                popKeyword()
                if !r {
                    if !collect { return false }
                    allPassed = false
                }
            }
            if allPassed { local.allItems = true } else { ok = false }
        } else if node.items != nil {
            local.allItems = true
        }
        if let contains = node.contains {
            var matches = 0
            let mark = errors.count
            let needAll = track || node.maxContains != nil
            for i in 0..<n {
                if validate(contains, a[i], &sub, track: false) {
                    matches += 1
                    if track { local.itemIndices.insert(i) }
                    if !needAll && matches >= node.minContains { break }
                }
            }
            discardErrors(since: mark)
            if matches < node.minContains {
                if node.minContains == 1 {
                    fail(node, "contains", "no item matches the contains schema")
                } else {
                    fail(node, "minContains", "\(matches) items match the contains schema, fewer than \(node.minContains)")
                }
                if !collect { return false }
                ok = false
            }
            if let m = node.maxContains, matches > m {
                fail(node, "maxContains", "\(matches) items match the contains schema, more than \(m)")
                if !collect { return false }
                ok = false
            }
        }
        return ok
    }

    static func firstDuplicate(_ a: [JSONValue]) -> (Int, Int)? {
        if a.count < 2 { return nil }
        if a.count <= 16 {
            for i in 0..<a.count {
                for j in (i + 1)..<a.count where a[i] == a[j] { return (i, j) }
            }
            return nil
        }
        var seen: [JSONValue: Int] = [:]
        seen.reserveCapacity(a.count)
        for (j, v) in a.enumerated() {
            if let i = seen[v] { return (i, j) }
            seen[v] = j
        }
        return nil
    }

    private func validateObject(
        _ node: SchemaNode, _ o: [String: JSONValue], _ instance: JSONValue, _ local: inout Evaluated, track: Bool
    ) -> Bool {
        var ok = true
        if let m = node.minProperties, o.count < m {
            fail(node, "minProperties", "must have at least \(m) properties, has \(o.count)")
            if !collect { return false }
            ok = false
        }
        if let m = node.maxProperties, o.count > m {
            fail(node, "maxProperties", "must have at most \(m) properties, has \(o.count)")
            if !collect { return false }
            ok = false
        }
        for r in node.required where o[r] == nil {
            fail(node, "required", "missing required property \(Self.describe(.string(r)))")
            if !collect { return false }
            ok = false
        }
        for (p, reqs) in node.dependentRequired where o[p] != nil {
            for r in reqs where o[r] == nil {
                fail(node, node.dependentRequiredKeyword + "/" + JSONPointer.escape(p),
                    "property \(Self.describe(.string(r))) is required when \(Self.describe(.string(p))) is present")
                if !collect { return false }
                ok = false
            }
        }
        var sub = Evaluated()
        if node.additionalProperties == nil && node.patternProperties.isEmpty {
            if !node.properties.isEmpty {
                if o.count <= node.properties.count {
                    for (key, value) in o {
                        guard let s = node.properties[key] else { continue }
                        if !validateMember(s, "properties", key, value, &sub) {
                            if !collect { return false }
                            ok = false
                        } else if track {
                            local.properties.insert(key)
                        }
                    }
                } else {
                    for (key, s) in node.properties {
                        guard let value = o[key] else { continue }
                        if !validateMember(s, "properties", key, value, &sub) {
                            if !collect { return false }
                            ok = false
                        } else if track {
                            local.properties.insert(key)
                        }
                    }
                }
            }
        } else {
            var allAdditionalPassed = true
            for (key, value) in o {
                var matched = false
                if let s = node.properties[key] {
                    matched = true
                    if !validateMember(s, "properties", key, value, &sub) {
                        if !collect { return false }
                        ok = false
                    }
                }
                for (regex, s) in node.patternProperties {
                    switch regex.matches(key) {
                    case .noMatch: continue
                    case .tooCostly:
                        pushInstance(key)
                        fail(node, "patternProperties", "matching the pattern \(regex.source) took longer than its time budget")
                        popInstance()
                        if !collect { return false }
                        ok = false
                    case .match:
                        matched = true
                        pushKeyword("patternProperties", regex.source)
                        pushInstance(key)
                        let r = validate(s, value, &sub, track: false)
                        popInstance()
                        popKeyword(2)
                        if !r {
                            if !collect { return false }
                            ok = false
                        }
                    }
                }
                if matched {
                    if track { local.properties.insert(key) }
                } else if let ap = node.additionalProperties {
                    pushKeyword("additionalProperties")
                    pushInstance(key)
                    let r = validate(ap, value, &sub, track: false)
                    popInstance()
                    popKeyword()
                    if !r {
                        if !collect { return false }
                        ok = false
                        allAdditionalPassed = false
                    }
                }
            }
            if track && ok && node.additionalProperties != nil && allAdditionalPassed { local.allProperties = true }
        }
        if let pn = node.propertyNames {
            for key in o.keys {
                pushKeyword("propertyNames")
                pushInstance(key)
                let r = validate(pn, .string(key), &sub, track: false)
                popInstance()
                popKeyword()
                if !r {
                    if !collect { return false }
                    ok = false
                }
            }
        }
        for (p, s) in node.dependentSchemas where o[p] != nil {
            pushKeyword(node.dependentSchemasKeyword, p)
            var d = Evaluated()
            let r = validate(s, instance, &d, track: track)
            popKeyword(2)
            if r {
                if track { local.merge(d) }
            } else {
                if !collect { return false }
                ok = false
            }
        }
        return ok
    }

    @inline(__always)
    private func validateMember(_ s: SchemaNode, _ keyword: String, _ key: String, _ value: JSONValue, _ sub: inout Evaluated) -> Bool {
        pushKeyword(keyword, key)
        pushInstance(key)
        let r = validate(s, value, &sub, track: false)
        popInstance()
        popKeyword(2)
        return r
    }

    private func validateApplicators(_ node: SchemaNode, _ instance: JSONValue, _ local: inout Evaluated, track: Bool) -> Bool {
        var ok = true
        for (i, s) in node.allOf.enumerated() {
            pushKeyword("allOf", index: i)
            var sub = Evaluated()
            let r = validate(s, instance, &sub, track: track)
            popKeyword(2)
            if r {
                if track { local.merge(sub) }
            } else {
                if !collect { return false }
                ok = false
            }
        }
        if !node.anyOf.isEmpty {
            let mark = errors.count
            var any = false
            for (i, s) in node.anyOf.enumerated() {
                pushKeyword("anyOf", index: i)
                var sub = Evaluated()
                let r = validate(s, instance, &sub, track: track)
                popKeyword(2)
                if r {
                    any = true
                    if track { local.merge(sub) } else { break }
                }
            }
            if any {
                discardErrors(since: mark)
            } else {
                fail(node, "anyOf", "does not match any of the anyOf schemas")
                if !collect { return false }
                ok = false
            }
        }
        if !node.oneOf.isEmpty {
            let mark = errors.count
            var matchCount = 0
            var matchedIndices = ""
            var matchedEvaluated = Evaluated()
            for (i, s) in node.oneOf.enumerated() {
                pushKeyword("oneOf", index: i)
                var sub = Evaluated()
                let r = validate(s, instance, &sub, track: track)
                popKeyword(2)
                if r {
                    matchCount += 1
                    if collect { matchedIndices += matchedIndices.isEmpty ? String(i) : ", \(i)" }
                    if track { matchedEvaluated = sub }
                    if matchCount > 1 && !collect { break }
                }
            }
            if matchCount == 1 {
                discardErrors(since: mark)
                if track { local.merge(matchedEvaluated) }
            } else if matchCount == 0 {
                fail(node, "oneOf", "does not match any of the oneOf schemas")
                if !collect { return false }
                ok = false
            } else {
                discardErrors(since: mark)
                fail(node, "oneOf", "matches more than one oneOf schema (\(matchedIndices))")
                if !collect { return false }
                ok = false
            }
        }
        if let n = node.not {
            let mark = errors.count
            pushKeyword("not")
            var sub = Evaluated()
            let r = validate(n, instance, &sub, track: false)
            popKeyword()
            discardErrors(since: mark)
            if r {
                fail(node, "not", "must not match the schema in not")
                if !collect { return false }
                ok = false
            }
        }
        if let cond = node.ifNode {
            let mark = errors.count
            pushKeyword("if")
            var sub = Evaluated()
            let c = validate(cond, instance, &sub, track: track)
            popKeyword()
            discardErrors(since: mark)
            if c && track { local.merge(sub) }
            if let branch = c ? node.thenNode : node.elseNode {
                pushKeyword(c ? "then" : "else")
                var bsub = Evaluated()
                let r = validate(branch, instance, &bsub, track: track)
                popKeyword()
                if r {
                    if track { local.merge(bsub) }
                } else {
                    if !collect { return false }
                    ok = false
                }
            }
        }
        return ok
    }
}
