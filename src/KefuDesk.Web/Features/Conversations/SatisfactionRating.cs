namespace KefuDesk.Features.Conversations;

/// <summary>非常满意 … 非常不满意; KPI 满意度 counts the top two.</summary>
public enum SatisfactionRating
{
    VeryDissatisfied = 1,
    Dissatisfied = 2,
    Neutral = 3,
    Satisfied = 4,
    VerySatisfied = 5,
}
