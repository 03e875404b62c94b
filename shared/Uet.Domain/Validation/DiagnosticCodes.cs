namespace Uet.Domain;

/// <summary>
/// Stable codes of plan diagnostics. Errors are UET001–UET099 (the plan is invalid), warnings UET100 and up
/// (the plan runs). Codes are never reused for another meaning; new findings get new codes.
/// </summary>
public static class DiagnosticCodes
{
    // Errors
    public const string MalformedJson = "UET001";
    public const string WrongType = "UET002";
    public const string MissingField = "UET003";
    public const string UnknownField = "UET004";
    public const string BadId = "UET005";
    public const string DuplicateId = "UET006";
    public const string UnknownDependency = "UET007";
    public const string SelfDependency = "UET008";
    public const string Cycle = "UET009";
    public const string EmptyScope = "UET010";
    public const string PathEscapes = "UET011";
    public const string BadBudget = "UET012";
    public const string BadEnumValue = "UET013";
    public const string UnknownTool = "UET014";
    public const string BadValue = "UET015";
    public const string NoWorkstreams = "UET016";
    public const string DuplicateField = "UET017";

    // Warnings
    public const string ScopeOverlap = "UET100";
    public const string SharedConflictGroup = "UET101";
    public const string MissingBudget = "UET102";
    public const string MissingContextEstimate = "UET103";
    public const string ContextTooLarge = "UET104";
    public const string GateWithoutCommand = "UET105";
    public const string BudgetsExceedPlanBudget = "UET106";
}
