#!/usr/bin/env python3
"""Writes Sources/WardenServer/Resources/openapi.json, the admin API's OpenAPI 3.1 document.

The server validates request bodies against these component schemas, so they must match the
Swift Codable types exactly (required = non-optional fields; additionalProperties false).
Run it after changing an API type: python3 scripts/gen-openapi.py
"""
import json, pathlib

def ref(name): return {"$ref": f"#/components/schemas/{name}"}
def obj(props, required=None, desc=None):
    o = {"type": "object", "additionalProperties": False, "properties": props,
         "required": sorted(required if required is not None else props.keys())}
    if desc: o["description"] = desc
    return o
def s(maxLength=8000, **kw): return {"type": "string", "maxLength": maxLength, **kw}
def arr(items, maxItems=200): return {"type": "array", "items": items, "maxItems": maxItems}
def enum(*vals): return {"type": "string", "enum": list(vals)}
DATE = {"type": "string", "format": "date-time"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}
ROLE = {"type": "string", "pattern": "^[a-z0-9_]{1,64}$"}
SEMVER = {"type": "string", "maxLength": 128, "description": "Semantic version, e.g. 1.2.0"}
LEVEL = enum("public", "internal", "confidential", "restricted")
SEVERITY = enum("info", "low", "medium", "high", "critical")
STATE = enum("proposed", "in_review", "approved", "rejected", "withdrawn", "active", "suspended", "deprecated", "superseded", "decommissioned")
OUTCOME = enum("approved", "approved_with_conditions", "rejected")
AUTH_METHOD = enum("client_secret_basic", "client_secret_post", "private_key_jwt")
SCOPE = {"type": "string", "pattern": "^[!#-\\[\\]-~]{1,128}$"}
ANY = {}

schemas = {
  "Error": obj({"error": obj({"code": enum("unauthenticated", "forbidden", "invalid_input", "invalid_output", "payload_too_large",
        "rate_limited", "circuit_open", "upstream_unavailable", "upstream_rejected", "timeout", "not_found", "conflict", "approval_rule_unmet",
        "tool_inactive", "unsupported_media_type", "internal"),
        "message": {"type": "string"}, "requestId": {"type": "string"},
        "details": {"type": "object", "additionalProperties": {"type": "string"}}}, ["code", "message", "requestId"])}),
  "Health": obj({"status": enum("ok", "unavailable"), "database": {"type": "string"}}),
  "RateLimit": obj({"requests": {"type": "integer", "minimum": 1, "maximum": 1000000},
                    "perSeconds": {"type": "integer", "minimum": 1, "maximum": 86400}}),
  "HTTPEndpoint": obj({"method": enum("GET", "POST", "PUT", "PATCH", "DELETE"), "url": s(2048),
                       "headers": {"type": "object", "additionalProperties": s(4096), "maxProperties": 64}, "body": ANY},
                      ["method", "url"]),
  "MCPUpstream": obj({"url": s(2048), "command": arr(s(4096), 64), "tool": s(64),
                      "pin": {"type": "string", "pattern": "^[0-9a-f]{64}$",
                              "description": "SHA-256 of the upstream's reviewed listing of the tool; a different listing quarantines the tool"}}, ["tool"]),
  "ToolAnnotations": obj({"readOnlyHint": {"type": "boolean"}, "destructiveHint": {"type": "boolean"},
                          "idempotentHint": {"type": "boolean"}, "openWorldHint": {"type": "boolean"}}),
  "ToolProvider": obj({"kind": enum("builtin", "http", "mcp"), "origin": enum("internal", "third_party"), "vendor": s(200),
                       "builtin": s(64), "http": ref("HTTPEndpoint"), "mcp": ref("MCPUpstream")}, ["kind", "origin"]),
  "DataRequirements": obj({"reads": arr(LEVEL, 4), "returns": arr(LEVEL, 4), "description": s(2000)}, ["reads", "returns"]),
  "ToolDefinition": obj({
      "name": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$"}, "version": SEMVER, "title": s(200),
      "description": s(), "purpose": s(), "justification": s(), "provider": ref("ToolProvider"),
      "useCases": arr(s(1000), 50), "dataRequirements": ref("DataRequirements"),
      "inputSchema": {"type": "object", "description": "JSON Schema (draft 2020-12 unless $schema says otherwise) of the arguments"},
      "outputSchema": {"type": "object", "description": "JSON Schema of structuredContent"},
      "requiredCredentials": arr({"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]{0,127}$"}, 32),
      "requiredRole": ROLE, "rateLimit": ref("RateLimit"), "timeoutMs": {"type": "integer", "minimum": 1, "maximum": 600000},
      "owner": s(200), "usageGuidelines": s(), "limitations": arr(s(1000), 50),
      "idempotent": {"type": "boolean", "description": "Safe to retry after a transient failure (default false)"},
      "annotations": ref("ToolAnnotations"),
      "dependencies": arr(ref("PackageDependency"), 2000),
      "sbom": {"type": "object", "description": "A CycloneDX 1.4-1.6 JSON SBOM; its components' package URLs count as dependencies"}},
      ["name", "version", "title", "description", "purpose", "justification", "provider", "useCases", "dataRequirements",
       "inputSchema", "requiredCredentials", "requiredRole", "timeoutMs", "owner", "usageGuidelines", "limitations"]),
  "Finding": obj({"severity": SEVERITY, "title": s(500), "detail": s()}, ["severity", "title"]),
  "SecurityAssessment": obj({"sourceAnalysis": s(), "permissions": s(), "inputOutputValidation": s(), "dependencies": s(),
                             "vendorTrust": s()}, ["sourceAnalysis", "permissions", "inputOutputValidation", "dependencies"]),
  "FunctionalAssessment": obj({"performance": s(), "reliability": s(), "accuracy": s(), "businessFit": s()}),
  "ComplianceAssessment": obj({"dataHandling": s(), "regulations": arr(s(200), 50), "biasAndMisuse": s(), "transparency": s()}),
  "Risk": obj({"category": enum("security", "functional", "compliance", "ethical", "operational"), "description": s(),
               "severity": SEVERITY, "mitigation": s()}),
  "ReviewSubmission": obj({"kind": enum("security", "functional", "compliance", "risk"), "verdict": enum("pass", "concerns", "fail"),
                           "summary": s(), "findings": arr(ref("Finding")), "security": ref("SecurityAssessment"),
                           "functional": ref("FunctionalAssessment"), "compliance": ref("ComplianceAssessment"),
                           "risks": arr(ref("Risk"))}, ["kind", "verdict", "summary", "findings"]),
  "Review": obj({"id": {"type": "string"}, "toolName": {"type": "string"}, "version": SEMVER, "reviewer": {"type": "string"},
                 "filedAt": DATE, "submission": ref("ReviewSubmission")}),
  "ApprovalRequest": obj({"approve": BOOL, "comment": s()}, ["approve"]),
  "Approval": obj({"approver": {"type": "string"}, "approve": BOOL, "comment": {"type": "string"}, "at": DATE},
                  ["approver", "approve", "at"]),
  "ApprovalConditions": obj({"rateLimit": ref("RateLimit"), "requiredRole": ROLE,
                             "timeoutMs": {"type": "integer", "minimum": 1, "maximum": 600000},
                             "reviewIntervalDays": {"type": "integer", "minimum": 1, "maximum": 3660},
                             "notes": arr(s(2000), 50)}, []),
  "DecisionRequest": obj({"outcome": OUTCOME, "reasons": s(), "conditions": ref("ApprovalConditions")}, ["outcome", "reasons"]),
  "Decision": obj({"outcome": OUTCOME, "reasons": {"type": "string"}, "conditions": ref("ApprovalConditions"),
                   "decidedBy": {"type": "string"}, "decidedAt": DATE, "approvers": arr({"type": "string"}, 1000)},
                  ["outcome", "reasons", "decidedBy", "decidedAt", "approvers"]),
  "ApprovalStatus": obj({"outcome": OUTCOME, "satisfied": BOOL, "unmet": arr({"type": "string"}),
                         "countedApprovers": arr({"type": "string"}, 1000)}),
  "TransitionRequest": obj({"action": enum("activate", "suspend", "resume", "deprecate", "decommission", "withdraw"),
                            "version": SEMVER, "reason": s()}, ["action"]),
  "ToolVersionRecord": obj({"definition": ref("ToolDefinition"), "digest": {"type": "string"}, "state": STATE,
                            "proposer": {"type": "string"}, "proposedAt": DATE, "updatedAt": DATE, "decision": ref("Decision"),
                            "reviewDueAt": DATE},
                           ["definition", "digest", "state", "proposer", "proposedAt", "updatedAt"]),
  "TransitionRecord": obj({"toolName": {"type": "string"}, "version": SEMVER,
                           "event": enum("file_review", "approve", "reject", "withdraw", "activate", "suspend", "resume",
                                         "deprecate", "supersede", "decommission"),
                           "from": STATE, "to": STATE, "actor": {"type": "string"}, "reason": {"type": "string"}, "at": DATE},
                          ["toolName", "version", "event", "from", "to", "actor", "at"]),
  "ToolSummary": obj({"name": {"type": "string"}, "title": {"type": "string"}, "state": STATE, "activeVersion": SEMVER,
                      "latestVersion": SEMVER, "owner": {"type": "string"}, "requiredRole": ROLE, "reviewDueAt": DATE,
                      "versions": INT},
                     ["name", "title", "state", "latestVersion", "owner", "requiredRole", "versions"]),
  "ToolList": obj({"tools": arr(ref("ToolSummary"), 100000)}),
  "ToolDetail": obj({"summary": ref("ToolSummary"), "versions": arr(ref("ToolVersionRecord"), 100000),
                     "transitions": arr(ref("TransitionRecord"), 100000)}),
  "ToolVersionDetail": obj({"record": ref("ToolVersionRecord"), "effectiveDefinition": ref("ToolDefinition"),
                            "reviews": arr(ref("Review"), 100000), "approvals": arr(ref("Approval"), 100000),
                            "approvalStatus": ref("ApprovalStatus")}),
  "JSONChange": obj({"kind": enum("added", "removed", "changed"), "path": {"type": "string"}, "old": ANY, "new": ANY},
                    ["kind", "path"]),
  "ToolDiff": obj({"name": {"type": "string"}, "from": SEMVER, "to": SEMVER, "changes": arr(ref("JSONChange"), 100000)}),
  "Principal": obj({"id": {"type": "string"}, "displayName": {"type": "string"}, "kind": enum("person", "agent"),
                    "roles": arr(ROLE, 32), "createdAt": DATE, "disabled": BOOL}),
  "PrincipalList": obj({"principals": arr(ref("Principal"), 100000)}),
  "NewPrincipal": obj({"id": {"type": "string", "pattern": "^[A-Za-z0-9_.@-]{1,64}$"}, "displayName": s(200),
                       "kind": enum("person", "agent"), "roles": arr(ROLE, 32)}),
  "PrincipalUpdate": obj({"displayName": s(200), "roles": arr(ROLE, 32), "disabled": BOOL}, []),
  "APIKeyRecord": obj({"id": {"type": "string"}, "principalID": {"type": "string"}, "label": {"type": "string"},
                       "createdAt": DATE, "expiresAt": DATE, "revokedAt": DATE}, ["id", "principalID", "label", "createdAt"]),
  "PrincipalWithKeys": obj({"principal": ref("Principal"), "keys": arr(ref("APIKeyRecord"), 10000)}),
  "NewAPIKey": obj({"label": s(200), "expiresAt": DATE}, []),
  "IssuedAPIKey": obj({"key": ref("APIKeyRecord"), "token": {"type": "string", "description": "Shown once; store it now."}}),
  "AuditEvent": obj({"seq": INT, "timeMs": INT, "actor": {"type": "string"}, "action": {"type": "string"},
                     "subject": {"type": "string"}, "requestID": {"type": "string"},
                     "outcome": enum("success", "denied", "failed"), "bodyDigest": {"type": "string"},
                     "detail": {"type": "object", "additionalProperties": {"type": "string"}},
                     "prevHash": {"type": "string"}, "hash": {"type": "string"}},
                    ["seq", "timeMs", "actor", "action", "subject", "requestID", "outcome", "prevHash", "hash"]),
  "AuditPage": obj({"events": arr(ref("AuditEvent"), 1000), "next": INT}, ["events"]),
  "ChainHead": obj({"seq": INT, "hash": {"type": "string"}}),
  "AuditReport": obj({"ok": BOOL, "eventsChecked": INT, "firstBadSeq": INT, "problem": {"type": "string"},
                      "head": ref("ChainHead"), "checkpointsChecked": INT,
                      "signaturesChecked": {"type": "boolean", "description": "Whether checkpoint signatures were checked"},
                      "provenThroughSeq": {"type": "integer", "description": "The newest event a valid signed checkpoint confirms"}},
                     ["ok", "eventsChecked", "head", "checkpointsChecked", "signaturesChecked", "provenThroughSeq"]),
  "CheckFinding": obj({"code": {"type": "string"}, "severity": SEVERITY, "title": {"type": "string"}, "detail": {"type": "string"},
                       "pointer": {"type": "string", "description": "JSON Pointer into the definition"},
                       "span": {"type": "string", "description": "The offending text, at most 200 characters"}}, ["code", "severity", "title"]),
  "CheckResult": obj({"check": {"type": "string"}, "version": {"type": "string"}, "status": enum("passed", "findings", "not_run"),
                      "reason": {"type": "string"}, "findings": arr(ref("CheckFinding"), 1000)}, ["check", "version", "status", "findings"]),
  "CheckResults": obj({"checks": arr(ref("CheckResult"), 100)}),
  "OpenedAuditPayload": obj({"seq": INT, "requestID": {"type": "string"}, "input": ANY, "output": ANY,
                             "inputMatchesDigest": BOOL, "outputMatchesDigest": BOOL}, ["seq", "requestID", "input", "inputMatchesDigest"]),
  "PeriodicReviewRequest": obj({"notes": s(8000)}),
  "ReviewDueItem": obj({"name": {"type": "string"}, "version": SEMVER, "state": STATE, "owner": {"type": "string"},
                        "reviewDueAt": DATE, "status": enum("due", "overdue"), "daysOverdue": INT}),
  "ReviewsDue": obj({"reviews": arr(ref("ReviewDueItem"), 100000)}),
  "PackageDependency": obj({"ecosystem": enum("PyPI", "npm", "Go", "SwiftURL", "Maven", "crates.io"), "name": s(512), "version": s(128)}),
  "AdvisoryImport": obj({"advisories": arr({"type": "object", "description": "An OSV record (https://ossf.github.io/osv-schema/)"}, 5000)}),
  "AdvisoryFinding": obj({"toolName": {"type": "string"}, "version": SEMVER, "advisoryID": {"type": "string"},
                          "aliases": arr({"type": "string"}, 1000), "summary": {"type": "string"},
                          "severity": enum("unknown", "low", "moderate", "high", "critical"), "dependency": ref("PackageDependency"),
                          "fixedVersions": arr({"type": "string"}, 1000), "foundAt": DATE}, ["toolName", "version", "advisoryID", "aliases",
                          "severity", "dependency", "fixedVersions", "foundAt"]),
  "AdvisoryFindings": obj({"findings": arr(ref("AdvisoryFinding"), 100000)}),
  "AdvisoryImportReport": obj({"imported": INT, "updated": INT, "unchanged": INT, "newFindings": arr(ref("AdvisoryFinding"), 100000),
                               "suspended": arr({"type": "string"}, 10000)}),
  "AuditCheckpoint": obj({"seq": INT, "hash": {"type": "string"}, "timeMs": INT, "keyID": {"type": "string"},
                          "signature": {"type": "string", "description": "Base64 Ed25519 signature over 'warden-audit-checkpoint/v1\\n<seq>\\n<hash>\\n<timeMs>\\n'"}}),
  "CheckpointPage": obj({"checkpoints": arr(ref("AuditCheckpoint"), 1000), "next": INT}, ["checkpoints"]),
  "AuditPublicKey": obj({"algorithm": enum("Ed25519"), "keyId": {"type": "string"},
                         "publicKey": {"type": "string", "description": "Base64 of the 32-byte raw public key"}}),
  "GovernancePolicy": {"type": "object", "description": "The approval rule, the permission grants and review settings in force."},
  "NewOAuthClient": obj({"id": {"type": "string", "pattern": "^[A-Za-z0-9_.-]{1,64}$", "description": "The client_id; generated (wc_...) when absent"},
                         "principalID": {"type": "string", "pattern": "^[A-Za-z0-9_.@-]{1,64}$", "description": "The agent principal its tokens act as"},
                         "label": s(200), "authenticationMethod": AUTH_METHOD,
                         "scopes": arr(SCOPE, 64),
                         "jwks": {"type": "object", "description": "For private_key_jwt: the client's public keys, a JWK Set or one JWK (ES256, RS256, PS256)"}},
                        ["principalID"]),
  "OAuthClient": obj({"id": {"type": "string"}, "principalID": {"type": "string"}, "label": {"type": "string"},
                      "authenticationMethod": AUTH_METHOD, "scopes": arr(SCOPE, 64), "jwks": {"type": "object"},
                      "createdAt": DATE, "createdBy": {"type": "string"}, "secretRotatedAt": DATE, "revokedAt": DATE},
                     ["id", "principalID", "label", "authenticationMethod", "scopes", "createdAt", "createdBy"]),
  "OAuthClientList": obj({"clients": arr(ref("OAuthClient"), 100000)}),
  "RegisteredOAuthClient": obj({"client": ref("OAuthClient"),
                                "clientSecret": {"type": "string", "description": "Shown once; store it now. Absent for private_key_jwt clients."}},
                               ["client"]),
  "OAuthTokenRequest": obj({"grant_type": enum("client_credentials"), "scope": {"type": "string", "description": "Space-separated; all the client's scopes when absent"},
                            "client_id": {"type": "string"}, "client_secret": {"type": "string", "description": "client_secret_post"},
                            "client_assertion_type": enum("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                            "client_assertion": {"type": "string", "description": "private_key_jwt: a JWT with iss = sub = client_id, aud = the issuer or token endpoint, exp, a new jti"}},
                           ["grant_type"]),
  "OAuthTokenResponse": obj({"access_token": {"type": "string", "description": "An ES256 JWT (typ at+jwt): iss, sub, aud, iat, nbf, exp, jti, scope, client_id"},
                             "token_type": enum("Bearer"), "expires_in": INT, "scope": {"type": "string"}},
                            ["access_token", "token_type", "expires_in"]),
  "OAuthError": obj({"error": enum("invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"),
                     "error_description": {"type": "string"}}),
  "JWKS": {"type": "object", "description": "A JWK Set (RFC 7517): {keys: [{kty: EC, crv: P-256, x, y, kid, alg: ES256, use: sig}]}"},
  "AuthorizationServerMetadata": {"type": "object", "description": "RFC 8414: issuer, token_endpoint, jwks_uri, grant_types_supported, "
                                  "token_endpoint_auth_methods_supported, token_endpoint_auth_signing_alg_values_supported"},
}

def err(desc): return {"description": desc, "content": {"application/json": {"schema": ref("Error")}}}
def ok(schema, desc="OK", status="200"):
    return {status: {"description": desc, "content": {"application/json": {"schema": ref(schema)}}}}
AUTH_ERRORS = {"401": err("No valid API key (code unauthenticated)"), "403": err("The key's roles do not allow this (code forbidden)")}
BODY_ERRORS = {"400": err("Malformed JSON, unknown fields or invalid values (code invalid_input)"),
               "413": err("Body larger than the limit, 1 MiB by default (code payload_too_large)"),
               "415": err("Body not sent as application/json (code unsupported_media_type)")}
def body(schema, required=True):
    return {"required": required, "content": {"application/json": {"schema": ref(schema)}}}
def p(name, desc): return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}, "description": desc}
def q(name, desc, schema=None): return {"name": name, "in": "query", "required": False, "schema": schema or {"type": "string"}, "description": desc}
NAME, VERSION, PID = p("name", "Tool name"), p("version", "Semantic version"), p("id", "Principal id")

def op(summary, resp, params=(), req=None, extra=None, auth=True, opid=None):
    o = {"summary": summary, "operationId": opid, "responses": dict(resp)}
    if params: o["parameters"] = list(params)
    if req: o["requestBody"] = req; o["responses"].update(BODY_ERRORS)
    if auth: o["responses"].update(AUTH_ERRORS)
    else: o["security"] = []
    for k, v in (extra or {}).items(): o["responses"][k] = err(v)
    return o

paths = {
  "/health": {"get": op("Liveness and store reachability", {**ok("Health"), "503": {"description": "Store unreachable",
      "content": {"application/json": {"schema": ref("Health")}}}}, auth=False, opid="health")},
  "/v1/openapi.json": {"get": {"summary": "This document", "operationId": "openapi", "security": [],
      "responses": {"200": {"description": "OpenAPI 3.1 document", "content": {"application/json": {"schema": {"type": "object"}}}}}}},
  "/v1/whoami": {"get": op("The caller's principal", ok("Principal"), opid="whoami")},
  "/v1/policy": {"get": op("The governance policy in force (approval rule, permissions)", ok("GovernancePolicy"), opid="policy")},
  "/v1/principals": {
    "get": op("List principals (principal.manage)", ok("PrincipalList"), opid="listPrincipals"),
    "post": op("Create a principal (principal.manage)", ok("Principal", "Created", "201"), req=body("NewPrincipal"),
               extra={"409": "A principal with this id exists"}, opid="createPrincipal")},
  "/v1/principals/{id}": {
    "get": op("A principal and its keys (principal.manage or self)", ok("PrincipalWithKeys"), [PID],
              extra={"404": "No such principal"}, opid="getPrincipal"),
    "patch": op("Change name, roles or disabled flag (principal.manage)", ok("Principal"), [PID], body("PrincipalUpdate"),
                extra={"404": "No such principal", "409": "You cannot disable yourself or drop your own principal.manage"},
                opid="updatePrincipal")},
  "/v1/principals/{id}/keys": {"post": op("Create an API key; the token is in the response once (principal.manage or self)",
      ok("IssuedAPIKey", "Created", "201"), [PID], body("NewAPIKey", required=False), extra={"404": "No such principal"},
      opid="createKey")},
  "/v1/keys/{keyId}/revoke": {"post": op("Revoke an API key (principal.manage or owner)", ok("APIKeyRecord"),
      [p("keyId", "Key id (the part after wdn_)")], extra={"404": "No such key", "409": "Already revoked"}, opid="revokeKey")},
  "/v1/tools": {
    "get": op("Every tool at a glance", ok("ToolList"), opid="listTools"),
    "post": op("Propose a tool or a new version (tool.propose)", ok("ToolVersionRecord", "Created", "201"), req=body("ToolDefinition"),
               params=[q("reuseDecommissionedName", "true to reuse the name of a decommissioned tool (refused otherwise)", enum("true", "false"))],
               extra={"409": "Version exists already or is not newer than the newest"}, opid="proposeTool")},
  "/v1/tools/{name}": {"get": op("A tool with every version and its lifecycle history", ok("ToolDetail"), [NAME],
      extra={"404": "No such tool"}, opid="getTool")},
  "/v1/tools/{name}/versions/{version}": {"get": op("One version with reviews, votes and approval status", ok("ToolVersionDetail"),
      [NAME, VERSION], extra={"404": "No such tool or version"}, opid="getToolVersion")},
  "/v1/tools/{name}/versions/{version}/reviews": {"post": op("File a review (review.security|functional|compliance|risk)",
      ok("Review", "Created", "201"), [NAME, VERSION], body("ReviewSubmission"),
      extra={"404": "No such tool or version", "409": "The version is no longer open for review"}, opid="fileReview")},
  "/v1/tools/{name}/versions/{version}/approvals": {"post": op("Vote on a proposal (tool.approve); replaces your earlier vote",
      ok("Approval", "Created", "201"), [NAME, VERSION], body("ApprovalRequest"),
      extra={"404": "No such tool or version", "409": "Already decided"}, opid="vote")},
  "/v1/tools/{name}/versions/{version}/approval-status": {"get": op("What the approval rule still needs", ok("ApprovalStatus"),
      [NAME, VERSION, q("outcome", "approved (default), approved_with_conditions or rejected", OUTCOME)],
      extra={"404": "No such tool or version"}, opid="approvalStatus")},
  "/v1/tools/{name}/versions/{version}/decision": {"post": op("Record the decision (decision.record); the approval rule must be met",
      ok("ToolVersionRecord"), [NAME, VERSION], body("DecisionRequest"),
      extra={"404": "No such tool or version", "409": "Already decided, illegal in the current state, or the approval rule is unmet (code approval_rule_unmet)"},
      opid="decide")},
  "/v1/tools/{name}/transitions": {"post": op("Activate, suspend, resume, deprecate, decommission or withdraw a version",
      ok("ToolVersionRecord"), [NAME], body("TransitionRequest"),
      extra={"404": "No such tool or version", "409": "Illegal in the current state (details.currentState)"}, opid="transition")},
  "/v1/tools/{name}/diff": {"get": op("What changed between two versions", ok("ToolDiff"),
      [NAME, q("from", "Older version"), q("to", "Newer version")], extra={"400": "Missing or invalid versions", "404": "No such tool or version"},
      opid="diffTool")},
  "/v1/audit/events": {"get": op("Audit events in order, filtered (audit.read)", ok("AuditPage"),
      [q("after", "Return events after this sequence number (default 0)", INT), q("limit", "1 to 1000 (default 100)", INT),
       q("actor", "Exact actor, or a prefix ending in *"), q("action", "Exact action, or a prefix ending in * (tool.*)"),
       q("subject", "Exact subject, or a prefix ending in * (tool:weather*)"),
       q("outcome", "success, denied or failed", enum("success", "denied", "failed")),
       q("since", "Events at or after this time (ISO 8601)", DATE), q("until", "Events before this time (ISO 8601)", DATE)],
      extra={"400": "Invalid or unknown query parameter"}, opid="auditEvents")},
  "/v1/audit/verify": {"get": op("Verify the audit hash chain and every signed checkpoint (audit.read)", ok("AuditReport"), opid="auditVerify")},
  "/v1/audit/checkpoints": {"get": op("Signed checkpoints of the chain head (audit.read)", ok("CheckpointPage"),
      [q("after", "Return checkpoints after this sequence number (default 0)", INT), q("limit", "1 to 1000 (default 100)", INT)],
      extra={"400": "Invalid after or limit"}, opid="auditCheckpoints")},
  "/v1/tools/{name}/versions/{version}/checks": {
    "get": op("Automated onboarding check results: schema lint, least privilege, description safety (tool.read)",
              ok("CheckResults"), [NAME, VERSION], extra={"404": "No such tool or version"}, opid="checkResults"),
    "post": op("Run the onboarding checks again (a reviewer's role or tool.propose)", ok("CheckResults"), [NAME, VERSION],
               extra={"404": "No such tool or version"}, opid="rerunChecks")},
  "/v1/audit/payloads/{seq}": {"get": op("A tool call's input and output from the secure payload log, checked against the event's digests (audit.read; audited)",
      ok("OpenedAuditPayload"), [p("seq", "The tool call's audit event sequence number")],
      extra={"400": "Invalid seq or a payload that does not open", "404": "Payload log off, no payload, or expired"}, opid="auditPayload")},
  "/v1/reviews/due": {"get": op("Serving tools whose periodic review is overdue or due soon (tool.read)", ok("ReviewsDue"),
      [q("within", "Also list reviews due within this many days (default 30)", INT)], extra={"400": "Invalid within"}, opid="reviewsDue")},
  "/v1/tools/{name}/periodic-reviews": {"post": op("Record a periodic review of the serving version; sets the next due date (decision.record)",
      ok("ToolVersionRecord"), [NAME], body("PeriodicReviewRequest"),
      extra={"404": "No such tool", "409": "No serving version"}, opid="periodicReview")},
  "/v1/advisories": {"post": op("Import OSV advisory records and match them against every tool's dependencies (advisory.manage)",
      ok("AdvisoryImportReport"), req=body("AdvisoryImport"), opid="importAdvisories")},
  "/v1/advisories/findings": {"get": op("Advisory findings on tools (tool.read)", ok("AdvisoryFindings"),
      [q("tool", "Only this tool's findings")], extra={"400": "Invalid tool name"}, opid="advisoryFindings")},
  "/v1/audit/public-key": {"get": op("The Ed25519 key audit checkpoints are signed with (no key needed)", ok("AuditPublicKey"),
      auth=False, extra={"404": "This Warden signs no checkpoints"}, opid="auditPublicKey")},
  "/v1/oauth/clients": {
    "get": op("Every OAuth client, revoked ones included (oauthClients.manage)", ok("OAuthClientList"), opid="listOAuthClients"),
    "post": op("Register an OAuth client acting as an agent principal; a secret client's secret is in the response once (oauthClients.manage)",
               ok("RegisteredOAuthClient", "Created", "201"), req=body("NewOAuthClient"),
               extra={"404": "No such principal", "409": "A client with this id exists"}, opid="registerOAuthClient")},
  "/v1/oauth/clients/{id}/rotate": {"post": op("Replace a client's secret; the new one is in the response once (oauthClients.manage)",
      ok("RegisteredOAuthClient"), [p("id", "The client_id")],
      extra={"404": "No such client", "409": "Revoked, or a private_key_jwt client"}, opid="rotateOAuthClientSecret")},
  "/v1/oauth/clients/{id}": {"delete": op("Revoke a client: no more tokens, and its tokens stop working (oauthClients.manage)",
      ok("OAuthClient"), [p("id", "The client_id")], extra={"404": "No such client", "409": "Revoked already"}, opid="revokeOAuthClient")},
  "/oauth/token": {"post": {"summary": "Client credentials grant (RFC 6749 section 4.4): an access token for a registered client",
      "operationId": "oauthToken", "security": [{"clientBasic": []}, {}],
      "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": ref("OAuthTokenRequest")}}},
      "responses": {"200": {"description": "The token (Cache-Control: no-store)", "content": {"application/json": {"schema": ref("OAuthTokenResponse")}}},
                    "400": {"description": "invalid_request, invalid_grant, unauthorized_client, unsupported_grant_type or invalid_scope",
                            "content": {"application/json": {"schema": ref("OAuthError")}}},
                    "401": {"description": "invalid_client (WWW-Authenticate: Basic)", "content": {"application/json": {"schema": ref("OAuthError")}}},
                    "413": {"description": "Body larger than 16 KiB (invalid_request)", "content": {"application/json": {"schema": ref("OAuthError")}}},
                    "429": {"description": "Too many failed client authentications (invalid_client, Retry-After)",
                            "content": {"application/json": {"schema": ref("OAuthError")}}}}}},
  "/.well-known/jwks.json": {"get": {"summary": "The public key access tokens are signed with", "operationId": "jwks", "security": [],
      "responses": {"200": {"description": "JWK Set", "content": {"application/json": {"schema": ref("JWKS")}}}}}},
  "/.well-known/oauth-authorization-server": {"get": {"summary": "Authorization server metadata (RFC 8414)", "operationId": "oauthMetadata",
      "security": [], "responses": {"200": {"description": "Metadata", "content": {"application/json": {"schema": ref("AuthorizationServerMetadata")}}}}}},
}

doc = {"openapi": "3.1.0",
       "info": {"title": "Warden admin API", "version": "0.1.0",
                "description": "Governance of MCP tools: proposals, reviews, decisions, lifecycle, principals, keys, OAuth clients and the audit log. Every error is {\"error\": {\"code\", \"message\", \"requestId\"}}."},
       "servers": [{"url": "http://127.0.0.1:8080"}],
       "security": [{"apiKey": []}],
       "paths": paths,
       "components": {"securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer wdn_... (an API key) or an access token from /oauth/token"},
                                            "clientBasic": {"type": "http", "scheme": "basic", "description": "client_secret_basic: client_id:client_secret"}},
                      "schemas": schemas}}
out = pathlib.Path(__file__).resolve().parent.parent / "Sources/WardenServer/Resources/openapi.json"
out.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
print(f"wrote {out}")
