/// The phrases and literals ``DescriptionSafetyCheck`` looks for: text aimed at the model rather than at the
/// person reading a tool's description. Words are matched case-insensitively, whatever separates them;
/// `[…]` below are optional filler words (up to the number given), `…` up to that many words of any kind.
///
/// Instruction override (`description.instruction_override`):
/// - ignore | disregard | forget | override | bypass, [all, any, the, your, previous, prior, above, earlier,
///   system, …]×4, instructions | rules | prompts | guidelines | directives | commands | constraints | policies
/// - you must | will | should | shall now
/// - from now on
/// - new | updated | real | actual | true | secret | hidden instructions | directives | orders | commands
/// - system | developer prompt | message | instructions
/// - markup that imitates a chat template: `<important>`, `<system>`, `[system]`, `[inst]`, `<|im_start|>`,
///   `<|system|>`, `<<sys>>`
///
/// Concealment (`description.concealment`):
/// - [do], don't | never | not | without, tell | inform | mention | show | reveal | notify | alert | disclose | let
///   (and their -ing forms), [this, it, that, to, the, any, anything, them, about]×3, user | human | operator |
///   customer (and plurals)
/// - hide | conceal, …3, user | human | operator | customer
/// - keep this | it | that | these secret | hidden | quiet
///
/// Data exfiltration (`description.data_exfiltration`):
/// - any word beginning `exfiltrat`
/// - send | post | upload | forward | transmit | leak | email | share | copy (and -ing forms), …4, conversation |
///   history | chat | context | credentials | secrets | tokens | passwords | apikey | cookies | session | prompt |
///   environment | messages | transcript | contents | files, …4, to
/// - include | append | attach | embed | insert | pass | put | add | paste, [the, its, their, full, entire,
///   complete, whole, all, raw, …]×3, content | contents, of | as | in | into
/// - read | open | cat | load | access | fetch | dump | print | list, [the, your, users, …]×3, ssh | credentials |
///   secrets | passwd | shadow | keychain | env | environment | cookies
///
/// Sensitive paths (`description.sensitive_path`), as literals: `~/.ssh`, `/.ssh/`, `id_rsa`, `id_ed25519`,
/// `id_ecdsa`, `/etc/passwd`, `/etc/shadow`, `.aws/credentials`, `.netrc`, `.git-credentials`, `.kube/config`,
/// `.docker/config.json`, `mcp.json`, `.env` (not right after a letter or digit, so `process.env` is not one);
/// none of them inside a longer word (`id_rsa2` is not `id_rsa`).
enum ModelDirectivePatterns {
    private static let fillers = "all any the your my our of these those this that every each"
    private static let previous = "previous prior above earlier preceding former original old existing other"
    private static let rules = "instructions instruction directions directives rules prompts prompt guidelines guidance commands orders constraints policies"
    private static let audience = "user users human humans operator operators customer customers person"

    static let phrases: [PhrasePattern] = [
        PhrasePattern(.descriptionInstructionOverride, "an instruction to ignore previous instructions", [
            PhrasePattern.one("ignore ignoring disregard disregarding forget override bypass"),
            PhrasePattern.some(fillers + " " + previous + " system safety developer users", max: 4),
            PhrasePattern.one(rules),
        ]),
        PhrasePattern(.descriptionInstructionOverride, "an instruction that takes over the model", [
            PhrasePattern.one("you"), PhrasePattern.one("must will should shall"), PhrasePattern.one("now"),
        ]),
        PhrasePattern(.descriptionInstructionOverride, "an instruction that takes over the model", [
            PhrasePattern.one("from"), PhrasePattern.one("now"), PhrasePattern.one("on"),
        ]),
        PhrasePattern(.descriptionInstructionOverride, "a claim of new instructions", [
            PhrasePattern.one("new updated real actual true secret hidden"),
            PhrasePattern.one("instructions instruction directives orders commands"),
        ]),
        PhrasePattern(.descriptionInstructionOverride, "a reference to the system prompt", [
            PhrasePattern.one("system developer"), PhrasePattern.one("prompt prompts message messages instructions"),
        ]),
        PhrasePattern(.descriptionConcealment, "an instruction to keep something from the user", [
            PhrasePattern.some("do", max: 1),
            PhrasePattern.one("dont never not without"),
            PhrasePattern.one("tell telling inform informing mention mentioning show showing reveal revealing notify notifying alert alerting disclose disclosing let letting"),
            PhrasePattern.some("this it that to the any anything them about", max: 3),
            PhrasePattern.one(audience),
        ]),
        PhrasePattern(.descriptionConcealment, "an instruction to hide something from the user", [
            PhrasePattern.one("hide hiding conceal concealing"), .gap(max: 3), PhrasePattern.one(audience),
        ]),
        PhrasePattern(.descriptionConcealment, "an instruction to keep something secret", [
            PhrasePattern.one("keep"), PhrasePattern.one("this it that these"), PhrasePattern.one("secret hidden quiet"),
        ]),
        PhrasePattern(.descriptionDataExfiltration, "a mention of exfiltration", [PhrasePattern.one("exfiltrat*")]),
        PhrasePattern(.descriptionDataExfiltration, "a request to send other data somewhere", [
            PhrasePattern.one("send sending post posting upload uploading forward forwarding transmit transmitting leak leaking email emailing share sharing copy copying"),
            .gap(max: 4),
            PhrasePattern.one("conversation conversations history chat context credentials credential secrets secret tokens token passwords password apikey cookies cookie session prompt prompts environment env messages transcript contents files"),
            .gap(max: 4),
            PhrasePattern.one("to"),
        ]),
        PhrasePattern(.descriptionDataExfiltration, "a request to include other content", [
            PhrasePattern.one("include including append appending attach attaching embed embedding insert inserting pass passing put add adding paste"),
            PhrasePattern.some("the its their full entire complete whole all raw this that these", max: 3),
            PhrasePattern.one("content contents"),
            PhrasePattern.one("of as in into"),
        ]),
        PhrasePattern(.descriptionDataExfiltration, "a request to read secrets", [
            PhrasePattern.one("read reading open opening cat load loading access accessing fetch dump dumping print list"),
            PhrasePattern.some(fillers + " users", max: 3),
            PhrasePattern.one("ssh credentials secrets passwd shadow keychain env environment cookies"),
        ]),
    ]

    /// Literals (lowercase) imitating chat-template markup.
    static let markup = ["<important>", "</important>", "<system>", "</system>", "[system]", "[inst]", "<|im_start|>",
                         "<|system|>", "<<sys>>"]

    /// Literals (lowercase) naming places secrets are kept; a leading `|` means it must not follow a letter or digit.
    static let sensitivePaths = ["~/.ssh", "/.ssh/", "id_rsa", "id_ed25519", "id_ecdsa", "/etc/passwd", "/etc/shadow",
                                 ".aws/credentials", ".netrc", ".git-credentials", ".kube/config", ".docker/config.json",
                                 "mcp.json", "|.env"]
}
